import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ErrorObject } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { findOperationByTemplate, responseSchemaOf } from "../support/spec.js";
import { SchemaChecker } from "../support/validator.js";

/**
 * Response bodies that public clients and PortOne's pages keep (recorded/*.json,
 * personal data replaced) validated against the 200 schema of their
 * operation. A field PortOne added after the recording (e.g. `sandbox`,
 * January 2026) may be missing where the fixture says so; any other mismatch
 * must be listed in expected-mismatches.json with its reason.
 */

interface Recorded {
  id: string;
  source: { repo?: string; path?: string; doc?: string };
  operation: { method: string; path: string };
  status: string;
  note: string;
  addedSinceRecorded?: string[];
  body: unknown;
}

const DIR = join(import.meta.dirname, "recorded");
const RECORDED = readdirSync(DIR)
  .filter((name) => name.endsWith(".json"))
  .sort()
  .map((name) => JSON.parse(readFileSync(join(DIR, name), "utf8")) as Recorded);
const EXPECTED = JSON.parse(readFileSync(join(import.meta.dirname, "expected-mismatches.json"), "utf8")) as Record<
  string,
  { reason: string }
>;
const checker = new SchemaChecker(false);

function describeError(error: ErrorObject): string {
  return `${error.instancePath || "/"} ${error.message}${error.params && "allowedValues" in error.params ? ` ${JSON.stringify(error.params.allowedValues)}` : ""}`;
}

function mismatches(recorded: Recorded): string[] {
  const operation = findOperationByTemplate(recorded.operation.method, recorded.operation.path);
  if (!operation) return [`no operation ${recorded.operation.method} ${recorded.operation.path}`];
  const envelope = responseSchemaOf(operation, recorded.status);
  if (!envelope) return [`no JSON ${recorded.status} response`];
  // A 200 is either PortOne's success envelope or its error envelope (code ≠ 0); the
  // recordings are successes, so judge them by the success branch for readable errors.
  const branches = (envelope.oneOf as Array<{ $ref?: string }> | undefined) ?? [];
  const schema = (branches.find((branch) => !/Error/.test(branch.$ref ?? "")) as typeof envelope | undefined) ?? envelope;
  const addedLater = new Set(recorded.addedSinceRecorded ?? []);
  return checker
    .errors(schema, recorded.body)
    .filter((error) => !(error.keyword === "required" && addedLater.has(String(error.params.missingProperty))))
    .map(describeError);
}

describe("recorded real responses", () => {
  const results = new Map(RECORDED.map((recorded) => [recorded.id, mismatches(recorded)]));
  console.log(
    `recorded responses: ${[...results.values()].filter((m) => m.length === 0).length} of ${RECORDED.length} valid\n${[...results]
      .filter(([, m]) => m.length > 0)
      .map(([id, m]) => `  ${id}: ${m.join("; ")}`)
      .join("\n")}`,
  );

  it("come with a source and an operation", () => {
    expect(RECORDED.length).toBeGreaterThanOrEqual(8);
    for (const recorded of RECORDED) {
      expect(recorded.source.repo ?? recorded.source.doc, recorded.id).toBeTruthy();
    }
  });

  it.each(RECORDED.map((r) => [r.id, r] as const))("%s validates against its 200 schema, or is listed with a reason", (id) => {
    const found = results.get(id) ?? [];
    if (EXPECTED[id]) expect(found.length, `${id} is listed in expected-mismatches.json but validates now`).toBeGreaterThan(0);
    else expect(found).toEqual([]);
  });

  it("can fail: a body missing a required field is refused", () => {
    const token = RECORDED.find((r) => r.id === "fake-server/token") as Recorded;
    const broken = { ...token, id: "control", body: { code: 0, message: null, response: { now: 1 } } };
    expect(mismatches(broken).join(" ")).toMatch(/access_token/);
  });
});
