#!/usr/bin/env node
// `node tools/setup/pnpm.mjs run release`: applies the pending changesets and
// records the released spec, but only if the spec's changes fit the version
// the changesets will give it. The check runs first, so a refused release
// leaves every file as it was.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { annotateChangelog } from "./changelog.mjs";
import { plannedSpecVersion } from "./changesets.mjs";
import { checkRelease, formatReport, loadRepositoryState, REPO, recordSnapshot } from "./repository.mjs";

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const versions = Object.fromEntries(
  ["spec", "packages/client", "packages/mock"].map((dir) => readJson(join(REPO, dir, "package.json"))).map((p) => [p.name, p.version]),
);

execFileSync(process.execPath, [join(REPO, "spec/build.mjs")], { stdio: ["ignore", "inherit", "inherit"] });
const planned = plannedSpecVersion(join(REPO, ".changeset"), versions);
if (planned) {
  const state = loadRepositoryState();
  const result = checkRelease({ ...state, headVersion: planned, infoVersion: false });
  console.log(formatReport(result, { ...state, headVersion: planned, verbose: false }));
  if (!result.ok) {
    console.error(`[release] refused: the pending changesets take @iamport-contract/spec to ${planned}. Nothing was changed.`);
    process.exit(1);
  }
}

execFileSync(process.execPath, [join(REPO, "node_modules/@changesets/cli/bin.js"), "version"], { cwd: REPO, stdio: "inherit" });

// The changelogs carry the check's verdict (against the snapshot that is
// still the released one) as their section title, not changesets' bump type.
{
  const state = loadRepositoryState();
  const result = checkRelease({ ...state, infoVersion: false });
  for (const dir of ["spec", "packages/client", "packages/mock"]) {
    const file = join(REPO, dir, "CHANGELOG.md");
    const version = readJson(join(REPO, dir, "package.json")).version;
    if (!existsSync(file) || !readFileSync(file, "utf8").includes(`## ${version}`)) continue;
    writeFileSync(file, annotateChangelog(readFileSync(file, "utf8"), version, result, state.baseVersion));
    console.log(`[release] ${dir}/CHANGELOG.md ${version}: contract verdict written`);
  }
  // `npm test` runs Biome over Markdown too: leave the written files as it formats them.
  const changelogs = ["spec", "packages/client", "packages/mock"].map((dir) => join(REPO, dir, "CHANGELOG.md")).filter(existsSync);
  execFileSync(join(REPO, "node_modules/.bin/biome"), ["format", "--write", ...changelogs], { cwd: REPO, stdio: "ignore" });
}
const snapshot = recordSnapshot();
if (!snapshot.ok) {
  console.error(snapshot.report);
  process.exit(1);
}
