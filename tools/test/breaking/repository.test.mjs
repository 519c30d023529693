import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  checkRelease,
  formatReport,
  isMajorBump,
  loadRepositoryState,
  neededBump,
  RELEASED_SPEC,
  REPO,
  setInfoVersion,
} from "../../breaking/repository.mjs";

const CHECK = join(REPO, "tools/breaking/check.mjs");
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

describe("versions", () => {
  it.each([
    ["0.1.0", "0.2.0", true],
    ["0.1.0", "0.1.1", false],
    ["0.1.3", "1.0.0", true],
    ["1.2.3", "2.0.0", true],
    ["1.2.3", "1.3.0", false],
    ["1.2.3", "1.2.3", false],
    ["2.0.0", "2.0.0-next.0", false],
  ])("%s → %s allows breaking changes: %s", (from, to, expected) => {
    expect(isMajorBump(from, to)).toBe(expected);
  });

  it("names the changeset bump to use, minor for breaking while in 0.x", () => {
    expect(neededBump([{ severity: "breaking" }], "0.4.0")).toBe("minor");
    expect(neededBump([{ severity: "breaking" }], "1.4.0")).toBe("major");
    expect(neededBump([{ severity: "additive" }], "0.4.0")).toBe("patch");
    expect(neededBump([{ severity: "additive" }], "1.4.0")).toBe("minor");
    expect(neededBump([], "1.4.0")).toBe("none");
  });

  it("writes info.version into the root YAML and changes nothing else", () => {
    const yaml = readFileSync(join(REPO, "spec/openapi.yaml"), "utf8");
    const updated = setInfoVersion(yaml, "9.8.7");
    const before = yaml.split("\n");
    const after = updated.split("\n");
    expect(after).toHaveLength(before.length);
    const differing = after.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
    expect(differing).toEqual([[expect.stringMatching(/^ {2}version: /), "  version: 9.8.7"]]);
  });
});

describe("the repository", () => {
  const state = loadRepositoryState();

  it("bundled spec vs the released snapshot: allowed under @iamport-contract/spec's version", () => {
    const result = checkRelease(state);
    const report = formatReport(result, state);
    console.log(report);
    expect(result.problems, report).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("the check sees a breaking edit of the real spec, and accepts it only with a major (0.x: minor) bump", () => {
    const head = structuredClone(state.head);
    const [path, item] = Object.entries(head.paths).find(([, i]) => i.get || i.post);
    const method = item.get ? "get" : "post";
    item[method].operationId = `${item[method].operationId}Renamed`;
    const input = { ...state, head, infoVersion: false };
    const same = checkRelease({ ...input, headVersion: state.baseVersion });
    expect(same.breaking).toContainEqual(
      expect.objectContaining({ operation: `${method.toUpperCase()} ${path}`, rule: "operation-id-renamed" }),
    );
    expect(same.ok).toBe(false);
    expect(checkRelease({ ...input, headVersion: "99.0.0" }).ok).toBe(true);
  });

  it("the snapshot is the spec as released: a bundle, with every $ref local", () => {
    const text = readFileSync(RELEASED_SPEC, "utf8");
    expect(readJson(RELEASED_SPEC).openapi).toMatch(/^3\.1\./);
    expect(text).not.toMatch(/"\$ref": "(?!#)/);
  });

  it("changesets release spec, client and mock together and leave the private packages alone", () => {
    const config = readJson(join(REPO, ".changeset/config.json"));
    const manifests = [
      "spec/package.json",
      "tools/package.json",
      ...readdirSync(join(REPO, "packages")).map((d) => `packages/${d}/package.json`),
    ];
    const packages = manifests.map((m) => readJson(join(REPO, m)));
    const published = packages.filter((p) => !p.private).map((p) => p.name);
    const unpublished = packages.filter((p) => p.private).map((p) => p.name);
    expect(published).toContain("@iamport-contract/spec");
    expect([...config.fixed[0]].sort()).toEqual([...published].sort());
    expect([...config.ignore].sort()).toEqual([...unpublished].sort());
    const pending = readdirSync(join(REPO, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
    for (const file of pending) {
      const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(REPO, ".changeset", file), "utf8"))?.[1] ?? "";
      // A formatter once rewrote the front matter into a Markdown heading; changesets then ignores the file.
      expect(front.split("\n").filter(Boolean).length, `${file}: a --- front matter block naming the packages`).toBeGreaterThan(0);
      for (const line of front.split("\n").filter(Boolean)) {
        expect(published, `${file}: ${line}`).toContain(/^["']?([^"':]+)["']?\s*:/.exec(line)?.[1]);
      }
    }
  });
});

describe("the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "breaking-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const spec = (statusEnum) => ({
    openapi: "3.1.0",
    info: { title: "t", version: "1.0.0" },
    paths: {
      "/p": {
        get: {
          operationId: "getP",
          responses: {
            200: {
              description: "ok",
              content: { "application/json": { schema: { type: "object", properties: { status: { enum: statusEnum } } } } },
            },
          },
        },
      },
    },
  });
  writeFileSync(join(dir, "old.json"), JSON.stringify(spec(["paid", "failed"])));
  writeFileSync(join(dir, "new.json"), JSON.stringify(spec(["paid"])));
  const run = (...args) => spawnSync(process.execPath, [CHECK, ...args], { encoding: "utf8" });
  const files = ["--base", join(dir, "old.json"), "--head", join(dir, "new.json"), "--base-version", "1.0.0"];

  it("prints operation, location, rule and before → after, and fails without a major bump", () => {
    const out = run(...files, "--head-version", "1.1.0");
    expect(out.status).toBe(1);
    expect(out.stdout).toContain("BREAKING (1):");
    expect(out.stdout).toContain(
      "GET /p\n    response 200 application/json › status\n    response-enum-value-removed: response enum value removed\n",
    );
    expect(out.stdout).toContain('"failed" → —');
    expect(out.stdout).toMatch(/FAILED:\n {2}- 1 breaking change\(s\) since 1\.0\.0, but @iamport-contract\/spec is at 1\.1\.0/);
  });

  it("passes with a major bump, and says so in JSON too", () => {
    expect(run(...files, "--head-version", "2.0.0").status).toBe(0);
    const json = JSON.parse(run(...files, "--head-version", "2.0.0", "--json").stdout);
    expect(json).toMatchObject({ ok: true, needed: "major", breaking: [{ rule: "response-enum-value-removed" }] });
  });

  it("checks the repository by default", () => {
    const out = execFileSync(process.execPath, [CHECK, "--brief"], { encoding: "utf8" });
    expect(out).toMatch(/^Spec changes since the released \d+\.\d+\.\d+/);
    expect(out.trim().endsWith("OK")).toBe(true);
  });

  it("exits 2 on a missing file", () => {
    const out = run("--base", join(dir, "nope.json"));
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("nope.json");
  });
});
