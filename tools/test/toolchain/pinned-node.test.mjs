// The two commands run every step on the Node pinned in tools/setup/toolchain,
// whatever Node the machine has: this test runs inside that pipeline.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const manifest = JSON.parse(readFileSync(new URL("../../setup/toolchain/package.json", import.meta.url), "utf8"));
const pinnedNode = manifest.optionalDependencies[`node-${process.platform}-${process.arch}`];

describe("the pinned toolchain", () => {
  it.runIf(pinnedNode)("runs the tests on the pinned Node", () => {
    expect(process.versions.node).toBe(pinnedNode);
  });

  it.runIf(pinnedNode)("puts the pinned Node first on PATH for every nested script", () => {
    expect(execFileSync("node", ["--version"], { encoding: "utf8" }).trim()).toBe(`v${pinnedNode}`);
  });

  it("pins the same pnpm in package.json's packageManager and in the toolchain manifest", () => {
    const root = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));
    expect(root.packageManager).toBe(`pnpm@${manifest.dependencies.pnpm}`);
  });

  it("every published package declares the Node it is tested on", () => {
    for (const name of ["client", "mock"]) {
      const pkg = JSON.parse(readFileSync(new URL(`../../../packages/${name}/package.json`, import.meta.url), "utf8"));
      expect(pkg.engines?.node, name).toMatch(/24/);
    }
  });
});
