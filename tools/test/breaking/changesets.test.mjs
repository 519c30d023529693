import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bump, parseChangeset, plannedSpecVersion } from "../../breaking/changesets.mjs";
import { REPO } from "../../breaking/repository.mjs";

const config = readFileSync(join(REPO, ".changeset/config.json"), "utf8");
const versions = { "@iamport-contract/spec": "0.3.1", "@iamport-contract/client": "0.3.1", "@iamport-contract/mock": "0.3.1" };
let dir;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function changesetDir(files) {
  dir = mkdtempSync(join(tmpdir(), "changesets-"));
  writeFileSync(join(dir, "config.json"), config);
  writeFileSync(join(dir, "README.md"), "---\nnot: a changeset\n---\n");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
const changeset = (lines, summary = "Something changed.") => `---\n${lines.join("\n")}\n---\n\n${summary}\n`;

describe("pending changesets", () => {
  it("reads the front matter, quoted or not", () => {
    expect(parseChangeset(changeset(['"@iamport-contract/spec": minor', "@iamport-contract/mock: patch"]))).toEqual({
      "@iamport-contract/spec": "minor",
      "@iamport-contract/mock": "patch",
    });
    expect(() => parseChangeset("no front matter")).toThrow(/front matter/);
  });

  it("bumps like semver", () => {
    expect([bump("0.3.1", "patch"), bump("0.3.1", "minor"), bump("0.3.1", "major"), bump("0.3.1", "none")]).toEqual([
      "0.3.2",
      "0.4.0",
      "1.0.0",
      "0.3.1",
    ]);
  });

  it("plans the spec's version from the highest bump in its fixed group", () => {
    const d = changesetDir({
      "a.md": changeset(['"@iamport-contract/spec": patch']),
      "b.md": changeset(['"@iamport-contract/client": minor']),
      "c.md": changeset(['"@iamport-contract/docs": major']),
    });
    expect(plannedSpecVersion(d, versions)).toBe("0.4.0");
  });

  it("keeps the version when nothing in the group changes, and defers to changesets in pre-release mode", () => {
    const d = changesetDir({});
    expect(plannedSpecVersion(d, versions)).toBe("0.3.1");
    writeFileSync(join(d, "pre.json"), "{}");
    expect(plannedSpecVersion(d, versions)).toBeNull();
  });
});
