// Decides whether the changes between the last released spec and the current
// bundle are allowed under the version @iamport-contract/spec now carries.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { diffSpecs, RULES } from "./diff.mjs";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const RELEASED_SPEC = fileURLToPath(new URL("../../spec/released/openapi.json", import.meta.url));
export const RELEASED_VERSION = fileURLToPath(new URL("../../spec/released/version.json", import.meta.url));
export const BUNDLED_SPEC = fileURLToPath(new URL("../../spec/dist/openapi.json", import.meta.url));
export const SPEC_PACKAGE = fileURLToPath(new URL("../../spec/package.json", import.meta.url));

export function parseVersion(text) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(String(text));
  if (!m) throw new Error(`Not a semver version: ${text}`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ?? "" };
}

/** Negative, zero or positive, like a sort comparator. A pre-release sorts before its release. */
export function compareVersions(a, b) {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (const k of ["major", "minor", "patch"]) if (x[k] !== y[k]) return x[k] - y[k];
  if (x.pre === y.pre) return 0;
  if (!x.pre) return 1;
  if (!y.pre) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/**
 * Does going from `released` to `current` allow breaking changes? Semver's
 * rule, with its 0.x convention: while the major version is 0, anything may
 * change in a minor bump, so 0.1.x → 0.2.0 counts as a major bump.
 */
export function isMajorBump(released, current) {
  const r = parseVersion(released);
  const c = parseVersion(current);
  if (c.major > r.major) return true;
  return r.major === 0 && c.major === 0 && c.minor > r.minor;
}

/** The smallest changeset bump type that fits the changes, under the 0.x convention. */
export function neededBump(changes, released) {
  const zero = parseVersion(released).major === 0;
  if (changes.some((c) => c.severity === "breaking")) return zero ? "minor" : "major";
  if (changes.length) return zero ? "patch" : "minor";
  return "none";
}

/**
 * @param {{base: object, head: object, baseVersion: string, headVersion: string, infoVersion?: boolean}} input
 *   infoVersion (default true): also require the bundle's info.version to equal headVersion.
 * @returns {{changes: object[], breaking: object[], warnings: object[], additive: object[], problems: string[], ok: boolean, needed: string}}
 */
export function checkRelease({ base, head, baseVersion, headVersion, infoVersion = true }) {
  const changes = diffSpecs(base, head);
  const breaking = changes.filter((c) => c.severity === "breaking");
  const warnings = changes.filter((c) => c.severity === "warning");
  const additive = changes.filter((c) => c.severity === "additive");
  const problems = [];
  const order = compareVersions(headVersion, baseVersion);
  if (order < 0) problems.push(`@iamport-contract/spec is at ${headVersion}, older than the released ${baseVersion}.`);
  if (breaking.length && !isMajorBump(baseVersion, headVersion)) {
    const zero = parseVersion(baseVersion).major === 0;
    problems.push(
      `${breaking.length} breaking change(s) since ${baseVersion}, but @iamport-contract/spec is at ${headVersion}: ` +
        `that needs a ${zero ? "minor bump while in 0.x (or a major one)" : "major bump"}. ` +
        `Undo the change, or add a changeset (\`node tools/setup/pnpm.mjs changeset\`) with a ${zero ? "minor" : "major"} bump for @iamport-contract/spec ` +
        "and run `node tools/setup/pnpm.mjs run release` to apply it.",
    );
  }
  if (infoVersion && head.info?.version !== headVersion) {
    problems.push(
      `spec/openapi.yaml says info.version ${head.info?.version}, but @iamport-contract/spec is at ${headVersion}: ` +
        "run `node tools/breaking/snapshot.mjs` (it is part of `release`).",
    );
  }
  return { changes, breaking, warnings, additive, problems, ok: problems.length === 0, needed: neededBump(changes, baseVersion) };
}

export function formatReport(result, { baseVersion, headVersion, verbose = true } = {}) {
  const lines = [`Spec changes since the released ${baseVersion ?? "snapshot"} (now ${headVersion ?? "?"}):`];
  const sections = [
    ["BREAKING", result.breaking],
    ["WARNING", result.warnings],
    ["additive", verbose ? result.additive : []],
  ];
  for (const [title, list] of sections) {
    if (!list.length) continue;
    lines.push("", `${title} (${list.length}):`);
    for (const c of list) {
      lines.push(`  ${c.operation}`);
      lines.push(`    ${c.location}`);
      lines.push(`    ${c.rule}: ${RULES[c.rule].text}`);
      lines.push(`    ${c.before} → ${c.after}`);
    }
  }
  if (!verbose && result.additive.length) lines.push("", `additive: ${result.additive.length} (node tools/breaking/check.mjs lists them)`);
  if (!result.changes.length) lines.push("  no changes");
  const zero = baseVersion !== undefined && parseVersion(baseVersion).major === 0;
  const note = zero && result.breaking.length ? " (in 0.x, minor is the breaking bump)" : "";
  lines.push("", `Smallest changeset bump for @iamport-contract/spec: ${result.needed}${note}.`);
  lines.push(result.ok ? "OK" : `FAILED:\n${result.problems.map((p) => `  - ${p}`).join("\n")}`);
  return lines.join("\n");
}

/** Replaces `version:` inside the top-level `info:` block of the root YAML file, keeping everything else byte for byte. */
export function setInfoVersion(yaml, next) {
  const info = /^info:[^\n]*\n((?:[ \t]+[^\n]*\n|\n)*?)([ \t]+)version:[ \t]*[^\n]*$/m;
  if (!info.test(yaml)) throw new Error("spec/openapi.yaml has no info.version line");
  return yaml.replace(info, (_match, before, indent) => `info:\n${before}${indent}version: ${next}`);
}

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

/**
 * The repository's own state: the released snapshot and its version against
 * the bundled spec and the spec package's version. Any part can be overridden
 * (a path for the specs, a string for the versions).
 */
export function loadRepositoryState({ base = RELEASED_SPEC, head = BUNDLED_SPEC, baseVersion, headVersion } = {}) {
  const need = (path, hint) => {
    if (!existsSync(path)) throw new Error(`Missing ${path}: ${hint}.`);
    return readJson(path);
  };
  const snapshotHint = "make the first snapshot with `node tools/breaking/snapshot.mjs`";
  return {
    base: need(base, snapshotHint),
    head: need(head, "run `node spec/build.mjs`"),
    baseVersion: baseVersion ?? need(RELEASED_VERSION, snapshotHint).version,
    headVersion: headVersion ?? need(SPEC_PACKAGE, "the spec package is missing").version,
  };
}

/**
 * Records the current spec as released: syncs info.version with the spec
 * package, rebuilds the bundle, refuses (returns ok: false with the report)
 * if that would break the last snapshot under the new version, and writes
 * spec/released/{openapi,version}.json.
 * @param {{build?: boolean, force?: boolean, log?: (line: string) => void}} options
 */
export function recordSnapshot({ build = true, force = false, log = console.log } = {}) {
  const version = readJson(SPEC_PACKAGE).version;
  if (build) {
    const root = join(REPO, "spec/openapi.yaml");
    const yaml = readFileSync(root, "utf8");
    const updated = setInfoVersion(yaml, version);
    if (updated !== yaml) {
      writeFileSync(root, updated);
      log(`[snapshot] spec/openapi.yaml info.version → ${version}`);
    }
    execFileSync(process.execPath, [join(REPO, "spec/build.mjs")], { stdio: ["ignore", "inherit", "inherit"] });
  }
  const head = readJson(BUNDLED_SPEC);
  if (head.info?.version !== version) {
    return {
      ok: false,
      report: `[snapshot] the bundle says info.version ${head.info?.version}, the spec package ${version}: run without --no-build.`,
    };
  }
  if (existsSync(RELEASED_SPEC) && existsSync(RELEASED_VERSION) && !force) {
    const baseVersion = readJson(RELEASED_VERSION).version;
    const result = checkRelease({ base: readJson(RELEASED_SPEC), head, baseVersion, headVersion: version });
    if (!result.ok)
      return {
        ok: false,
        report: `${formatReport(result, { baseVersion, headVersion: version, verbose: false })}\n[snapshot] not recorded.`,
      };
    log(
      `[snapshot] ${result.breaking.length} breaking, ${result.warnings.length} warning, ${result.additive.length} additive change(s) since ${baseVersion}`,
    );
  }
  mkdirSync(dirname(RELEASED_SPEC), { recursive: true });
  writeFileSync(RELEASED_SPEC, `${JSON.stringify(head, null, 2)}\n`);
  writeFileSync(RELEASED_VERSION, `${JSON.stringify({ package: "@iamport-contract/spec", version }, null, 2)}\n`);
  log(`[snapshot] spec/released/ now holds ${version}`);
  return { ok: true, version };
}
