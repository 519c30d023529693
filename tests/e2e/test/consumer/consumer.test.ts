// What a service outside this repo gets: the three published packages packed
// as they would be published, installed with npm into a fresh project in a
// temp folder (as the README's install section says), then a consumer that
// uses the client, its ./types and ./payments entries and startMock is
// type-checked and run against the mock, and the mock's bin is started.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBounded } from "../support/run-bounded.ts";

const require = createRequire(import.meta.url);
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const fixture = fileURLToPath(new URL("./fixture/", import.meta.url));
const published = { spec: "spec", client: "packages/client", mock: "packages/mock" } as const;
// The consumer gets the same TypeScript and Node types this repo builds with.
const typescriptVersion: string = require("typescript/package.json").version;
const typesNodeVersion: string = require("@types/node/package.json").version;

let work: string;
let project: string;
const tarballs: Record<keyof typeof published, string> = { spec: "", client: "", mock: "" };

// Every step is bounded: a stuck npm or a mock that never stops fails the test
// with its output instead of hanging the suite.
function run(command: string, args: string[], cwd: string, timeoutMs = 60_000) {
  return runBounded(command, args, { cwd, timeoutMs });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "iamport-consumer-"));
  const packs = join(work, "packs");
  for (const [name, dir] of Object.entries(published) as Array<[keyof typeof published, string]>) {
    // pnpm pack rewrites `workspace:*` into the real version, as publishing does.
    const pack = await run("pnpm", ["pack", "--pack-destination", packs], join(repoRoot, dir));
    if (pack.status !== 0) throw new Error(`pnpm pack failed for ${name}:\n${pack.output}`);
    const file = readdirSync(packs).find((f) => f.startsWith(`iamport-contract-${name}-`));
    if (!file) throw new Error(`pnpm pack wrote no tarball for ${name}`);
    tarballs[name] = join(packs, file);
  }
  project = join(work, "service");
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "service", private: true, type: "module" }, null, 2));
  for (const file of ["consumer.ts", "tsconfig.json"]) copyFileSync(join(fixture, file), join(project, file));
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("a service installs the packed packages with npm", () => {
  it("installs all three tarballs together, engines enforced, without a registry lookup of our packages", async () => {
    const install = await run(
      "npm",
      [
        "install",
        "--engine-strict",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        tarballs.spec,
        tarballs.client,
        tarballs.mock,
        `typescript@${typescriptVersion}`,
        `@types/node@${typesNodeVersion}`,
      ],
      project,
      150_000,
    );
    expect(install.output).not.toMatch(/E404|ETARGET/);
    expect(install.status, install.output).toBe(0);
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8"));
    for (const name of Object.keys(published)) {
      expect(lock.packages[`node_modules/@iamport-contract/${name}`].resolved, name).toMatch(/^file:/);
    }
  });

  it("type-checks the consumer under strict, exactOptionalPropertyTypes and full lib checks", async () => {
    const tsc = await run("node", [join(project, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], project);
    expect(tsc.output).toBe("");
    expect(tsc.status).toBe(0);
  });

  it("runs the consumer against the mock it started", async () => {
    const consumer = await run("node", ["consumer.ts"], project);
    expect(consumer.status, consumer.output).toBe(0);
    const result = JSON.parse(consumer.output.trim().split("\n").at(-1) ?? "{}");
    expect(result.prepared).toEqual({ merchant_uid: expect.stringMatching(/^consumer-/), amount: 1000 });
    expect(result.missing).toBeUndefined();
    expect(result.refusalStatus).toBe(404);
  });

  it("runs the mock's bin by its scoped name, from the installed package only", async () => {
    const help = await run("npx", ["--no-install", "@iamport-contract/mock", "--help"], project);
    expect(help.status, help.output).toBe(0);
    expect(help.output).toMatch(/Usage: iamport-mock/);
  });

  it("is ESM-only, and Node 24's require() of ESM loads it from CommonJS", async () => {
    writeFileSync(
      join(project, "cjs.cjs"),
      'const { createIamportClient } = require("@iamport-contract/client");\nconsole.log(typeof createIamportClient);\n',
    );
    const cjs = await run("node", ["cjs.cjs"], project);
    expect(cjs.status, cjs.output).toBe(0);
    expect(cjs.output).toContain("function");
  });
});
