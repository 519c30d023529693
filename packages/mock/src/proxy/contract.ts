import { listOperations, resolveRef } from "@iamport-contract/spec/toolkit";
import type { IHttpRequest } from "@stoplight/prism-http";
import type { PrismDiagnostic } from "../prism.js";
import { type RouteMatch, Router } from "../router.js";
import type { SchemaIssue, SpecValidator } from "../validation.js";
import type { Mismatch } from "./drift.js";
import type { Masker } from "./masking.js";
import { absoluteSchemaPath } from "./schema-path.js";
import { undocumentedFields } from "./undocumented.js";

/** A response body as the forwarder saw it. */
export type SeenBody =
  | { kind: "empty" }
  | { kind: "json"; value: unknown }
  | { kind: "not-json"; contentType: string; bytes: number }
  | { kind: "too-large"; bytes: number; limit: number };

/** The spec's operations, as the proxy checks real traffic against them. */
export interface ContractCheck {
  /** The operation a request is for, or undefined when the spec has none for it. */
  route(method: string, pathname: string): RouteMatch | undefined;
  /** How a request breaks its operation's documented parameters and body (Prism's request validator). */
  request(route: RouteMatch, request: IHttpRequest): Promise<Mismatch[]>;
  /** How a response breaks its operation's documented status codes and schemas. */
  response(route: RouteMatch, status: number, body: SeenBody): Mismatch[];
}

export interface ContractCheckOptions {
  /** The bundled spec. */
  doc: unknown;
  /** The mock's response validator (ajv, OAS 3.1 dialect). */
  validator: SpecValidator;
  /** The mock's request validator: Prism's, for one operation (`PrismEngine.validate`). */
  validateRequest: (key: string, request: IHttpRequest) => Promise<PrismDiagnostic[]>;
  masker: Masker;
}

/** The value a JSON pointer names inside `body`, if any. */
function at(body: unknown, pointer: string): unknown {
  if (pointer === "") return body;
  let current: unknown = body;
  for (const raw of pointer.slice(1).split("/")) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A short, masked picture of a value for the report: scalars as they are, containers by size. */
function describe(value: unknown, name: string | undefined, masker: Masker): unknown {
  if (Array.isArray(value)) return `array of ${value.length}`;
  if (typeof value === "object" && value !== null) return `object with ${Object.keys(value).length} field(s)`;
  const masked = masker.mask(value, name);
  return typeof masked === "string" && masked.length > 200 ? `${masked.slice(0, 200)}…` : masked;
}

function lastSegment(pointer: string): string | undefined {
  const part = pointer.split("/").pop();
  return part ? part.replace(/~1/g, "/").replace(/~0/g, "~") : undefined;
}

function fromSchemaIssue(issue: SchemaIssue, body: unknown, masker: Masker): Mismatch {
  if (issue.keyword === "required") {
    const field = String(issue.params.missingProperty);
    return {
      direction: "response",
      kind: "missing-field",
      schemaPath: issue.schemaPath,
      location: `${issue.instancePath}/${field}`,
      expected: `required field "${field}"`,
      seen: "(missing)",
    };
  }
  const seen = describe(at(body, issue.instancePath), lastSegment(issue.instancePath), masker);
  if (issue.keyword === "type") {
    const type = issue.params.type;
    return {
      direction: "response",
      kind: "wrong-type",
      schemaPath: issue.schemaPath,
      location: issue.instancePath,
      expected: `type ${Array.isArray(type) ? type.join(" or ") : String(type)}`,
      seen,
    };
  }
  return {
    direction: "response",
    kind: "schema-mismatch",
    schemaPath: issue.schemaPath,
    location: issue.instancePath,
    expected: issue.message,
    seen,
  };
}

export function createContractCheck(options: ContractCheckOptions): ContractCheck {
  const { doc, validator, validateRequest, masker } = options;
  const router = new Router(
    listOperations(doc).map((op) => ({
      method: op.method,
      template: op.path,
      secured: (op.operation.security ?? (doc as { security?: unknown[][] }).security ?? []).some(
        (s: unknown[]) => Object.keys(s).length > 0,
      ),
    })),
  );

  return {
    route: (method, pathname) => router.match(method, pathname),

    async request(route, request) {
      return (await validateRequest(route.key, request)).map((diagnostic) => {
        const location = (diagnostic.path ?? []).join(".");
        return {
          direction: "request" as const,
          kind: "schema-mismatch" as const,
          schemaPath: `#/paths/${route.template.replace(/~/g, "~0").replace(/\//g, "~1")}/${route.method.toLowerCase()}`,
          location,
          expected: masker.scrubText(diagnostic.message),
          seen: "(see expected)",
        };
      });
    },

    response(route, status, body) {
      const method = route.method;
      const template = route.template;
      const operationPath = `#/paths/${template.replace(/~/g, "~0").replace(/\//g, "~1")}/${method.toLowerCase()}/responses`;
      if (body.kind === "too-large") {
        return [
          {
            direction: "response",
            kind: "too-large-to-validate",
            schemaPath: "",
            location: "body",
            expected: `a body of at most ${body.limit} bytes to validate`,
            seen: `more than ${body.limit} bytes`,
          },
        ];
      }
      const value = body.kind === "json" ? body.value : undefined;
      const issues = validator.responseIssues(method, template, status, value);
      if (typeof issues === "string") {
        const undocumentedStatus = /is not documented|no operation/.test(issues);
        if (undocumentedStatus) {
          return [
            {
              direction: "response",
              kind: "undocumented-status",
              schemaPath: operationPath,
              location: "status",
              expected: issues,
              seen: status,
            },
          ];
        }
      }
      if (body.kind === "not-json") {
        return [
          {
            direction: "response",
            kind: "not-json",
            schemaPath: `${operationPath}/${status}`,
            location: "body",
            expected: "a JSON body",
            seen: `${body.bytes} bytes of ${body.contentType || "no content type"}`,
          },
        ];
      }
      if (typeof issues === "string") {
        return [
          {
            direction: "response",
            kind: "schema-mismatch",
            schemaPath: `${operationPath}/${status}`,
            location: "body",
            expected: issues,
            seen: describe(value, undefined, masker),
          },
        ];
      }
      let schema = validator.responseSchema(method, template, status);
      let rootPath = `${operationPath}/${status}/content/application~1json/schema`;
      let found = issues;
      // A oneOf/anyOf answer (e.g. a payment, or a refusal with code ≠ 0): judge the body by the branch it is closest to.
      const resolved = resolveRef(doc, schema) as { oneOf?: unknown[]; anyOf?: unknown[] } | undefined;
      const alternatives = resolved?.oneOf ?? resolved?.anyOf;
      if (found.length > 0 && Array.isArray(alternatives)) {
        const keyword = resolved?.oneOf ? "oneOf" : "anyOf";
        const base = (schema as { $ref?: string }).$ref ?? rootPath;
        const judged = alternatives
          .filter((branch): branch is object => typeof branch === "object" && branch !== null)
          .map((branch, index) => ({
            branch,
            path: (branch as { $ref?: string }).$ref ?? `${base}/${keyword}/${index}`,
            issues: validator.schemaIssues(branch, value),
          }));
        const closest = judged.reduce<(typeof judged)[number] | undefined>(
          (best, next) => (!best || next.issues.length < best.issues.length ? next : best),
          undefined,
        );
        if (closest) {
          schema = closest.branch;
          rootPath = closest.path;
          found = closest.issues;
        }
      }
      const mismatches = found.map((issue) =>
        fromSchemaIssue(
          { ...issue, schemaPath: absoluteSchemaPath(doc, rootPath, schema, issue.instancePath, issue.schemaPath) },
          value,
          masker,
        ),
      );
      for (const field of undocumentedFields(doc, schema, value)) {
        mismatches.push({
          direction: "response",
          kind: "undocumented-field",
          schemaPath: field.schemaPath,
          location: field.instancePath,
          expected: `no field "${field.name}" (not in the spec)`,
          seen: describe(at(value, field.instancePath), field.name, masker),
        });
      }
      return mismatches;
    },
  };
}
