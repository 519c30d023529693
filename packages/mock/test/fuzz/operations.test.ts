import { listOperations, resolveRef, type SpecOperation } from "@iamport-contract/spec/toolkit";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../../src/index.js";
import { SPEC, SPEC_PATH, validator } from "../stateful/harness.js";
import { arbitraryFor } from "./schema-arbitrary.js";

/**
 * Property-based fuzzing of every operation of the spec, in both modes:
 * requests generated from the spec's own schemas (valid ones, and invalid
 * ones: any JSON as the body, any text in the path and query). Whatever
 * comes in, the mock never answers 5xx, never answers a status the
 * operation does not document, and every answer matches the documented
 * schema. A body the spec's schema accepts is never refused as invalid.
 * Bounded: RUNS requests of each kind per operation and mode, seeded
 * (`FUZZ_SEED` replays a run).
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 5);
const API_KEY = "fuzz_key";
const API_SECRET = "fuzz_secret";

interface FuzzRequest {
  path: string;
  body?: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: parameters are walked generically
type Parameter = Record<string, any>;

/** A path segment fetch sends as it is: no dot segments (URL normalisation would remove them). */
const segment = (value: unknown) => {
  const text = String(value);
  return text === "" || text === "." || text === ".." ? "x" : encodeURIComponent(text);
};

function requestArbitrary(op: SpecOperation, valid: boolean): fc.Arbitrary<FuzzRequest> {
  const parameters = op.parameters as Parameter[];
  const pathParameters = parameters.filter((p) => p.in === "path");
  const queryParameters = parameters.filter((p) => p.in === "query");
  const anyText = fc.string({ maxLength: 12 });
  const pathValues = fc.tuple(...pathParameters.map((p) => (valid ? arbitraryFor(SPEC, p.schema) : anyText)));
  const queryValues = fc.tuple(
    ...queryParameters.map((p) => {
      const value = valid ? arbitraryFor(SPEC, p.schema) : anyText;
      return p.required ? value.map((v) => v as unknown) : fc.option(value, { nil: undefined });
    }),
  );
  const requestBody = resolveRef(SPEC, op.operation.requestBody) as { content?: Record<string, { schema?: unknown }> } | undefined;
  const jsonSchema = requestBody?.content?.["application/json"]?.schema;
  const body: fc.Arbitrary<unknown> =
    jsonSchema === undefined ? fc.constant(undefined) : valid ? arbitraryFor(SPEC, jsonSchema) : fc.jsonValue({ maxDepth: 3 });
  return fc.record({ pathValues, queryValues, body }).map(({ pathValues: paths, queryValues: queries, body: value }) => {
    let path = op.path;
    pathParameters.forEach((p, i) => {
      path = path.replace(`{${p.name}}`, segment(paths[i]));
    });
    const query = new URLSearchParams();
    queryParameters.forEach((p, i) => {
      const v = queries[i];
      if (v === undefined) return;
      for (const item of Array.isArray(v) ? v : [v]) query.append(p.name, typeof item === "object" ? JSON.stringify(item) : String(item));
    });
    const search = query.toString();
    return { path: search ? `${path}?${search}` : path, ...(value === undefined ? {} : { body: value }) };
  });
}

const OPERATIONS = listOperations(SPEC);

describe.each([false, true])("fuzzing every operation (stateful %s)", (stateful) => {
  let mock: RunningMock;
  let token = "";
  beforeAll(async () => {
    mock = await startMock({ port: 0, stateful, specPath: SPEC_PATH, apiKey: API_KEY, apiSecret: API_SECRET });
    const res = await fetch(`${mock.url}/users/getToken`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ imp_key: API_KEY, imp_secret: API_SECRET }),
    });
    token = ((await res.json()) as { response: { access_token: string } }).response.access_token;
  });
  afterAll(() => mock.close());

  it(`covers all ${OPERATIONS.length} operations`, () => {
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(100);
  });

  it.each(OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))(
    "%s: documented, schema-valid answers, never 5xx",
    async (_key, op) => {
      const method = op.method.toUpperCase();
      const problems: string[] = [];
      for (const valid of [true, false]) {
        await fc
          .assert(
            fc.asyncProperty(requestArbitrary(op, valid), async (request) => {
              const headers: Record<string, string> = { authorization: `Bearer ${token}` };
              if (request.body !== undefined) headers["content-type"] = "application/json";
              const res = await fetch(`${mock.url}${request.path}`, {
                method,
                headers,
                ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
              });
              const text = await res.text();
              let body: { violations?: unknown } | undefined;
              try {
                body = text === "" ? undefined : JSON.parse(text);
              } catch {
                problems.push(`not JSON: ${method} ${request.path} → ${res.status} ${text.slice(0, 200)}`);
                return false;
              }
              const where = `${method} ${request.path} ${JSON.stringify(request.body)?.slice(0, 200)} → ${res.status} ${text.slice(0, 200)}`;
              if (res.status >= 500) problems.push(`5xx: ${where}`);
              const check = validator.checkResponse(method, op.path, res.status, body);
              if (!check.ok) problems.push(`${check.reason}: ${where}`);
              if (valid && res.status === 400 && body?.violations !== undefined && request.body !== undefined) {
                const accepted = validator.checkRequestBody(method, op.path, request.body);
                if (accepted.ok) problems.push(`a body the spec accepts was refused: ${where}`);
              }
              return problems.length === 0;
            }),
            { numRuns: RUNS, seed: SEED, endOnFailure: true },
          )
          .catch((error: unknown) => {
            // A failed property has recorded its problem; anything else (a thrown error) fails the test as it is.
            if (problems.length === 0) throw error;
          });
        if (problems.length > 0) break;
      }
      expect(problems.slice(0, 3)).toEqual([]);
    },
  );
});
