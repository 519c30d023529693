import { createIamportClient, type IamportClient } from "@iamport-contract/client";
import { listOperations, resolveRef, type SpecOperation } from "@iamport-contract/spec/toolkit";
import { beforeAll, describe, expect, it } from "vitest";
import { useMock } from "./mock.js";
import { examplesOf, sampleParameter, spec } from "./spec-samples.js";

/**
 * Every operation of the bundled spec, with each of its request examples,
 * through the typed client against the real Prism mock. Nothing here names
 * an operation but getToken: the list comes from the spec bundle, so
 * operations added to the spec are covered by the next build.
 */

const mock = useMock();
let portone: IamportClient;
beforeAll(() => {
  portone = createIamportClient({
    apiKey: "contract_key",
    apiSecret: "contract_secret",
    baseUrl: mock.url,
    supplementsBaseUrl: mock.url,
    retry: false,
  });
});

interface Case {
  name: string;
  op: SpecOperation;
  mediaType?: string;
  body?: unknown;
}

function casesOf(op: SpecOperation): Case[] {
  const label = `${op.method.toUpperCase()} ${op.path} (${op.operationId})`;
  if (!op.operation.requestBody) return [{ name: label, op }];
  const content = resolveRef(spec, op.operation.requestBody).content ?? {};
  const mediaType = "application/json" in content ? "application/json" : Object.keys(content)[0];
  const examples = mediaType ? examplesOf(spec, content[mediaType]) : [];
  if (examples.length === 0) return [{ name: `${label} has no request example`, op }];
  return examples.map(([exampleName, body]) => ({ name: `${label} with example ${exampleName}`, op, mediaType, body }));
}

const ops = listOperations(spec);
const cases = ops.flatMap(casesOf);

/** What Prism answers without a `Prefer` header: the lowest 2xx status and its first JSON example. */
function expectedAnswer(op: SpecOperation): { status: number; hasContent: boolean; example?: unknown } {
  const code = Object.keys(op.operation.responses)
    .filter((c) => /^2\d\d$/.test(c))
    .sort()[0];
  if (!code) throw new Error(`${op.operationId} has no 2xx response`);
  const media = resolveRef(spec, op.operation.responses[code]).content?.["application/json"];
  const [first] = examplesOf(spec, media);
  return first ? { status: Number(code), hasContent: true, example: first[1] } : { status: Number(code), hasContent: Boolean(media) };
}

/** Path parameters, and the query and header parameters the operation requires, from the spec's examples. */
function paramsOf(op: SpecOperation) {
  const params: Record<"path" | "query" | "header", Record<string, unknown>> = { path: {}, query: {}, header: {} };
  for (const parameter of op.parameters) {
    if (parameter.in === "path" || ((parameter.in === "query" || parameter.in === "header") && parameter.required)) {
      params[parameter.in as "path" | "query" | "header"][parameter.name] = sampleParameter(parameter);
    }
  }
  return params;
}

type LooseCall = (path: string, init: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

describe("every operation of the bundled spec answers its example through the client", () => {
  it("covers the whole spec", () => {
    expect(ops.length).toBeGreaterThanOrEqual(9);
    expect(new Set(cases.map((c) => c.op)).size).toBe(ops.length);
  });

  it.each(cases)("$name", async ({ op, mediaType, body }) => {
    expect(!op.operation.requestBody || body !== undefined, "every operation with a request body needs a request example").toBe(true);
    const form = mediaType !== undefined && mediaType !== "application/json";
    const init: Record<string, unknown> = { params: paramsOf(op) };
    if (body !== undefined) init.body = body;
    if (form) {
      init.bodySerializer = (value: Record<string, unknown>) =>
        new URLSearchParams(Object.entries(value).map(([k, v]) => [k, typeof v === "object" ? JSON.stringify(v) : String(v)])).toString();
      init.headers = { "Content-Type": mediaType };
    }
    const api = op.supplements ? portone.supplements : portone.v1;
    const call = api[op.method.toUpperCase() as "GET"] as unknown as LooseCall;
    const { data, error, response } = await call(op.path, init);

    const expected = expectedAnswer(op);
    expect(error, JSON.stringify(error)).toBeUndefined();
    expect(response.status).toBe(expected.status);
    if (op.operationId === "getToken") {
      // The mock issues a token on its own clock (issue #15): the example's shape, with times fresh from now.
      const { now, expired_at } = (data as { response: { now: number; expired_at: number } }).response;
      expect(Math.abs(now - Date.now() / 1000)).toBeLessThan(60);
      expect(expired_at).toBeGreaterThan(now);
      expect(data).toEqual(expect.objectContaining({ code: 0, response: expect.objectContaining({ access_token: expect.any(String) }) }));
    } else if ("example" in expected) expect(data).toEqual(expected.example);
    else if (expected.hasContent) expect(data).toBeDefined();
    else expect(data).toBeUndefined();
  });
});
