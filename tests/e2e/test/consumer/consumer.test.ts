// What a service outside this repo gets: the three published packages packed
// as they would be published, installed with npm into a fresh project in a
// temp folder (as the README's install section says), then a consumer that
// uses the client, its ./types and ./payments entries and startMock is
// type-checked and run against the mock, and the mock's bin is started.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const fixture = fileURLToPath(new URL("./fixture/", import.meta.url));
const published = { spec: "spec", client: "packages/client", mock: "packages/mock" } as const;
const typescriptVersion: string = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).devDependencies
  .typescript;
const typesNodeVersion: string = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).devDependencies[
  "@types/node"
];

let work: string;
let project: string;
const tarballs: Record<keyof typeof published, string> = { spec: "", client: "", mock: "" };

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "iamport-consumer-"));
  const packs = join(work, "packs");
  for (const [name, dir] of Object.entries(published) as Array<[keyof typeof published, string]>) {
    // pnpm pack rewrites `workspace:*` into the real version, as publishing does.
    execFileSync("pnpm", ["pack", "--pack-destination", packs], { cwd: join(repoRoot, dir), stdio: "ignore" });
    const file = readdirSync(packs).find((f) => f.startsWith(`iamport-contract-${name}-`));
    if (!file) throw new Error(`pnpm pack wrote no tarball for ${name}`);
    tarballs[name] = join(packs, file);
  }
  project = join(work, "service");
  execFileSync("mkdir", ["-p", project]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "service", private: true, type: "module" }, null, 2));
  for (const file of ["consumer.ts", "tsconfig.json"]) copyFileSync(join(fixture, file), join(project, file));
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("a service installs the packed packages with npm", () => {
  it("installs all three tarballs together, engines enforced, without a registry lookup of our packages", () => {
    const install = run(
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
    );
    expect(install.output).not.toMatch(/E404|ETARGET/);
    expect(install.status, install.output).toBe(0);
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8"));
    for (const name of Object.keys(published)) {
      expect(lock.packages[`node_modules/@iamport-contract/${name}`].resolved, name).toMatch(/^file:/);
    }
  });

  it("type-checks the consumer under strict, exactOptionalPropertyTypes and full lib checks", () => {
    const tsc = run("node", [join(project, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], project);
    expect(tsc.output).toBe("");
    expect(tsc.status).toBe(0);
  });

  it("runs the consumer against the mock it started", () => {
    const consumer = run("node", ["consumer.ts"], project);
    expect(consumer.status, consumer.output).toBe(0);
    const result = JSON.parse(consumer.output.trim().split("\n").at(-1) ?? "{}");
    expect(result.prepared).toEqual({ merchant_uid: expect.stringMatching(/^consumer-/), amount: 1000 });
    expect(result.missing).toBeUndefined();
    expect(result.refusalStatus).toBe(404);
  });

  it("runs the mock's bin by its scoped name, from the installed package only", () => {
    const help = run("npx", ["--no-install", "@iamport-contract/mock", "--help"], project);
    expect(help.status, help.output).toBe(0);
    expect(help.output).toMatch(/Usage: iamport-mock/);
  });

  it("is ESM-only, and Node 24's require() of ESM loads it from CommonJS", () => {
    writeFileSync(
      join(project, "cjs.cjs"),
      'const { createIamportClient } = require("@iamport-contract/client");\nconsole.log(typeof createIamportClient);\n',
    );
    const cjs = run("node", ["cjs.cjs"], project);
    expect(cjs.status, cjs.output).toBe(0);
    expect(cjs.output).toContain("function");
  });
});
