// Reads the pending changesets and works out the version @iamport-contract/spec
// will get from `changeset version`, so that a release that would break the
// contract is refused before anything is written.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compareVersions, parseVersion } from "./repository.mjs";

export const SPEC_NAME = "@iamport-contract/spec";
const RANK = { none: 0, patch: 1, minor: 2, major: 3 };

/** The front matter of one changeset file: package name → bump type. */
export function parseChangeset(text) {
  const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!front) throw new Error("A changeset starts with a --- front matter block");
  const bumps = {};
  for (const line of front[1].split(/\r?\n/)) {
    if (!line.trim()) continue;
    const m = /^\s*["']?([^"':]+)["']?\s*:\s*(major|minor|patch|none)\s*$/.exec(line);
    if (!m) throw new Error(`Not a changeset line: ${line}`);
    bumps[m[1]] = m[2];
  }
  return bumps;
}

export function bump(version, type) {
  const v = parseVersion(version);
  if (type === "major") return `${v.major + 1}.0.0`;
  if (type === "minor") return `${v.major}.${v.minor + 1}.0`;
  if (type === "patch") return `${v.major}.${v.minor}.${v.patch + 1}`;
  return version;
}

/**
 * The spec's version after `changeset version`, or null when a pre-release
 * (`.changeset/pre.json`) is in progress and the plan is changesets' own.
 * @param {string} dir the .changeset folder
 * @param {Record<string, string>} versions current version of each package in the spec's fixed group
 */
export function plannedSpecVersion(dir, versions) {
  if (existsSync(join(dir, "pre.json"))) return null;
  const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
  const group = (config.fixed ?? []).find((g) => g.includes(SPEC_NAME)) ?? [SPEC_NAME];
  let highest = "none";
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md")) {
    for (const [name, type] of Object.entries(parseChangeset(readFileSync(join(dir, file), "utf8")))) {
      if (group.includes(name) && RANK[type] > RANK[highest]) highest = type;
    }
  }
  // A fixed group moves together from the highest version any of its members has.
  const current = group
    .map((name) => versions[name])
    .filter(Boolean)
    .reduce((a, b) => (compareVersions(b, a) > 0 ? b : a));
  return bump(current, highest);
}
