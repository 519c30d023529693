// Puts the breaking-change check's verdict into the changelog that
// `changeset version` writes. Changesets titles a version's section by the
// bump type of its changesets ("Minor Changes", "Patch Changes"), which says
// nothing reliable about the contract: in a fixed group a breaking 0.2.0 of
// the spec can sit under "Patch Changes" because its own changeset said
// patch. The section title comes from the check instead.
import { RULES } from "./diff.mjs";

const BUMP_HEADING = /^### (?:Major|Minor|Patch) Changes[ \t]*$/;

/** The section title the check's result earns: what callers must know first. */
export function verdictTitle(result) {
  if (result.breaking.length) return "Breaking changes";
  if (result.warnings.length || result.additive.length) return "Compatible changes (no breaking change)";
  return "No contract changes";
}

/** The verdict paragraph: counts, then every breaking change and warning on one line each. */
export function verdictLines(result, baseVersion) {
  const lines = [
    `Contract check (\`node tools/breaking/check.mjs\`) against the released ${baseVersion}: ` +
      `${result.breaking.length} breaking, ${result.warnings.length} warning, ${result.additive.length} additive change(s).`,
  ];
  const list = [...result.breaking.map((c) => ["breaking", c]), ...result.warnings.map((c) => ["warning", c])];
  if (list.length) lines.push("");
  for (const [severity, c] of list)
    lines.push(`- ${severity}: \`${c.operation}\` ${c.location}: ${RULES[c.rule].text} (${c.before} → ${c.after})`);
  return lines;
}

/**
 * `text` with the section of `version` retitled by the verdict and the
 * verdict paragraph put first in it. Other versions' sections stay as they
 * are. Throws if the changelog has no section for `version`.
 */
export function annotateChangelog(text, version, result, baseVersion) {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.trim() === `## ${version}`);
  if (start < 0) throw new Error(`The changelog has no "## ${version}" section`);
  let end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  if (end < 0) end = lines.length;
  const body = lines.slice(start + 1, end);
  // A package's own changeset can break its API (the client's calling
  // convention) while the spec's contract stays compatible: say both.
  const ownBreaking = body.some((line) => /^### Major Changes/.test(line) || (version.startsWith("0.") && /^### Minor Changes/.test(line)));
  const title =
    ownBreaking && !result.breaking.length
      ? "### Breaking changes to this package (the spec's contract has none)"
      : `### ${verdictTitle(result)}`;
  let titled = false;
  const retitled = [];
  for (const line of body) {
    if (BUMP_HEADING.test(line)) {
      // One heading per section: the first bump heading becomes the verdict; the others go.
      if (!titled) retitled.push(title);
      titled = true;
      continue;
    }
    retitled.push(line);
  }
  if (!titled) retitled.unshift("", title);
  while (retitled.length && retitled[0].trim() === "") retitled.shift();
  const section = ["", ...verdictLines(result, baseVersion), "", ...retitled];
  return [...lines.slice(0, start + 1), ...section, ...lines.slice(end)].join("\n");
}
