import { describe, expect, it } from "vitest";
import { annotateChangelog, verdictTitle } from "../../breaking/changelog.mjs";

// What `changeset version` writes for a fixed group: the spec got 0.2.0 from
// another member's minor changeset, and its own changeset said "patch".
const written = [
  "# @iamport-contract/spec",
  "",
  "## 0.2.0",
  "",
  "### Patch Changes",
  "",
  "- Card expiry accepts YYYYMM.",
  "",
  "## 0.1.1",
  "",
  "### Patch Changes",
  "",
  "- Older entry.",
  "",
].join("\n");

const change = (severity, rule) => ({
  operation: "POST /subscribe/payments/again",
  location: "request body › name",
  rule,
  severity,
  before: "optional",
  after: "required",
});
const breakingResult = {
  breaking: [change("breaking", "field-became-required")],
  warnings: [],
  additive: [change("additive", "request-field-added")],
};
const compatibleResult = { breaking: [], warnings: [change("warning", "constraint-tightened")], additive: [] };

describe("changelog verdict", () => {
  it("retitles the new version's section by the check, not by the changeset's bump type", () => {
    const out = annotateChangelog(written, "0.2.0", breakingResult, "0.1.1");
    const section = out.slice(out.indexOf("## 0.2.0"), out.indexOf("## 0.1.1"));
    expect(section).toContain("### Breaking changes");
    expect(section).not.toContain("Patch Changes");
    expect(section).toContain("1 breaking, 0 warning, 1 additive change(s)");
    expect(section).toContain("- breaking: `POST /subscribe/payments/again` request body › name: optional request field became required");
    expect(section).toContain("- Card expiry accepts YYYYMM.");
  });

  it("leaves older versions' sections alone", () => {
    const out = annotateChangelog(written, "0.2.0", breakingResult, "0.1.1");
    expect(out.slice(out.indexOf("## 0.1.1"))).toBe(written.slice(written.indexOf("## 0.1.1")));
  });

  it("calls a release without breaking changes compatible and lists its warnings", () => {
    const out = annotateChangelog(written, "0.2.0", compatibleResult, "0.1.1");
    expect(out).toContain("### Compatible changes (no breaking change)");
    expect(out).toContain("- warning: `POST /subscribe/payments/again`");
    expect(verdictTitle({ breaking: [], warnings: [], additive: [] })).toBe("No contract changes");
  });

  it("says so when a package's own changeset breaks it while the spec's contract does not", () => {
    const client = written
      .replace("# @iamport-contract/spec", "# @iamport-contract/client")
      .replace("### Patch Changes\n\n- Card", "### Minor Changes\n\n- Card");
    const out = annotateChangelog(client, "0.2.0", compatibleResult, "0.1.1");
    expect(out).toContain("### Breaking changes to this package (the spec's contract has none)");
    expect(out).not.toContain("### Compatible changes");
    // The spec's own section, from a patch changeset, keeps the check's verdict.
    expect(annotateChangelog(written, "0.2.0", compatibleResult, "0.1.1")).toContain("### Compatible changes (no breaking change)");
  });

  it("refuses a changelog without the version's section", () => {
    expect(() => annotateChangelog(written, "0.3.0", breakingResult, "0.2.0")).toThrow(/no "## 0.3.0" section/);
  });
});
