import { examplesOf, listOperations, resolveRef } from "@iamport-contract/spec/toolkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../../src/index.js";
import { SPEC, SPEC_PATH } from "../stateful/harness.js";

/** One request per named request-body example of the spec, with the operation's parameter examples filled in. */
interface ExampleRequest {
  label: string;
  method: string;
  path: string;
  template: string;
  secured: boolean;
  contentType: string;
  body: unknown;
  documented: Set<string>;
}

function parameterValue(parameter: {
  example?: unknown;
  examples?: unknown;
  schema?: { example?: unknown; examples?: unknown[] };
}): unknown {
  const [first] = examplesOf(SPEC, parameter);
  if (first) return first[1];
  return parameter.schema?.example ?? parameter.schema?.examples?.[0] ?? "example";
}

function exampleRequests(): ExampleRequest[] {
  const requests: ExampleRequest[] = [];
  for (const op of listOperations(SPEC)) {
    const requestBody = resolveRef(SPEC, op.operation.requestBody);
    if (!requestBody?.content) continue;
    let path = op.path;
    const query = new URLSearchParams();
    for (const parameter of op.parameters) {
      const value = parameterValue(parameter);
      if (parameter.in === "path") path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
      else if (parameter.in === "query" && parameter.required) query.set(parameter.name, String(value));
    }
    const url = query.size > 0 ? `${path}?${query}` : path;
    for (const [contentType, media] of Object.entries(requestBody.content as Record<string, unknown>)) {
      for (const [name, value] of examplesOf(SPEC, media)) {
        requests.push({
          label: `${op.method.toUpperCase()} ${op.path} (${contentType}, ${name})`,
          method: op.method.toUpperCase(),
          path: url,
          template: op.path,
          secured: (op.operation.security ?? (SPEC as { security?: object[] }).security ?? []).some(
            (s: object) => Object.keys(s).length > 0,
          ),
          contentType,
          body: value,
          documented: new Set(Object.keys(op.operation.responses ?? {})),
        });
      }
    }
  }
  return requests;
}

/** A form body as PHP's `http_build_query` writes it: nested fields in bracket form (`schedules[0][merchant_uid]=…`). */
function formPairs(value: unknown, prefix: string): Array<[string, string]> {
  if (value !== null && typeof value === "object") {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => formPairs(inner, `${prefix}[${key}]`));
  }
  return [[prefix, value === null ? "" : String(value)]];
}

function encode(contentType: string, body: unknown): string {
  if (contentType.includes("json")) return JSON.stringify(body);
  const pairs = Object.entries(body as Record<string, unknown>).flatMap(([key, value]) =>
    value !== null && typeof value === "object"
      ? formPairs(value, key)
      : ([[key, value === null ? "" : String(value)]] as Array<[string, string]>),
  );
  return new URLSearchParams(pairs).toString();
}

const ALL_REQUESTS = exampleRequests();
/** The spec's link example has an `expired_at` that has passed (2026-11-30): the spec helper renews it. */
const EXPIRED_IN_SPEC = (r: ExampleRequest) => r.template === "/api/supplements/v1/link/payment" && r.method === "POST";
const REQUESTS = ALL_REQUESTS.filter((r) => !EXPIRED_IN_SPEC(r));

/**
 * Every request example the spec documents is a request PortOne accepts, so
 * the mock must never refuse one as invalid (400) in either mode, and must
 * answer it with a status the operation documents. Examples that need state
 * the mock does not have (an unknown imp_uid) may get PortOne's refusal.
 */
describe.each([false, true])("the spec's request examples (stateful %s)", (stateful) => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, stateful, specPath: SPEC_PATH });
  });
  afterAll(() => mock.close());

  it(`has request examples to send (${REQUESTS.length} of ${ALL_REQUESTS.length})`, () => {
    expect(REQUESTS.length).toBeGreaterThan(20);
  });

  it("accepts every one of them as valid, with a documented status", async () => {
    const problems: string[] = [];
    let merchant = 0;
    for (const request of REQUESTS) {
      const headers: Record<string, string> = { "content-type": request.contentType };
      if (request.secured) {
        // A merchant of its own per example, so that examples do not see each other's state.
        const res = await fetch(`${mock.url}/users/getToken`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ imp_key: `test_example_${merchant++}`, imp_secret: "test_api_secret" }),
        });
        headers.authorization = `Bearer ${((await res.json()) as { response: { access_token: string } }).response.access_token}`;
      }
      const res = await fetch(`${mock.url}${request.path}`, {
        method: request.method,
        headers,
        body: encode(request.contentType, request.body),
      });
      const text = await res.text();
      // A 400 with `violations` is the mock finding the request invalid; one without is a documented business refusal.
      if (res.status === 400 && (JSON.parse(text) as { violations?: unknown }).violations !== undefined) {
        problems.push(`${request.label}: 400 ${text.slice(0, 300)}`);
      } else if (!request.documented.has(String(res.status))) problems.push(`${request.label}: undocumented status ${res.status}`);
    }
    expect(problems).toEqual([]);
  });
});
