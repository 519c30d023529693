import { firstExample, listOperations, loadBundle, resolveRef, type SpecOperation } from "@iamport-contract/spec/toolkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningMock, startMock } from "../../src/index.js";
import { StatefulApi } from "../../src/stateful/api.js";
import { MockState } from "../../src/stateful/state.js";

/**
 * The fast path (our router + Prism's validator + Prism's cached answer) must
 * answer exactly as Prism's full engine does. Every operation of the bundle
 * is sent its request example twice to a fast mock (the first answer fills
 * the cache, the second comes from it) and once to a mock with
 * `fastPath: false`; status, headers and body must be identical.
 */

// Counts the requests that reach Prism's full engine, to prove the second
// answer of the fast mock really came from its cache.
const engineCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock("../../src/prism.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/prism.js")>();
  return {
    ...original,
    createPrismEngine: async (...args: Parameters<typeof original.createPrismEngine>) => {
      const engine = await original.createPrismEngine(...args);
      return {
        ...engine,
        handle: (request: Parameters<typeof engine.handle>[0]) => {
          engineCalls.count++;
          return engine.handle(request);
        },
      };
    },
  };
});

type Json = Record<string, unknown>;
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
  schema?: Json;
}

const SPEC = loadBundle() as Json & { security?: Array<Record<string, unknown>> };
const deref = <T>(value: T): T => resolveRef(SPEC, value) as T;

/** A value for a parameter: its example, else its schema's example, enum, default or a plain value of its type. */
function parameterValue(parameter: Parameter): string {
  const schema = deref(parameter.schema ?? {}) as Json;
  const firstExample = parameter.examples ? Object.values(parameter.examples).map(deref)[0]?.value : undefined;
  const schemaExamples = Array.isArray(schema.examples) ? schema.examples[0] : undefined;
  const candidates = [
    parameter.example,
    firstExample,
    schema.example,
    schemaExamples,
    (schema.enum as unknown[] | undefined)?.[0],
    schema.default,
  ];
  const value = candidates.find((c) => c !== undefined);
  if (value !== undefined) return Array.isArray(value) ? String(value[0]) : String(value);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return type === "integer" || type === "number" ? "1796054400" : type === "boolean" ? "true" : "x";
}

interface ExampleRequest {
  key: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** The operation's own request example: path and required query parameters, the first JSON body example. */
function exampleRequest({ method, path: template, operation, parameters }: SpecOperation): ExampleRequest {
  let path = template;
  const query = new URLSearchParams();
  for (const parameter of parameters as Parameter[]) {
    if (parameter.in === "path") path = path.replace(`{${parameter.name}}`, encodeURIComponent(parameterValue(parameter)));
    else if (parameter.in === "query" && parameter.required) query.append(parameter.name, parameterValue(parameter));
  }
  const headers: Record<string, string> = {};
  const security = (operation.security ?? SPEC.security ?? []) as Array<Record<string, unknown>>;
  if (security.some((alternative) => Object.keys(alternative).length > 0)) headers.authorization = "Bearer fast-path-test";
  let body: string | undefined;
  const json = operation.requestBody ? deref(operation.requestBody).content?.["application/json"] : undefined;
  if (json) {
    body = JSON.stringify(json.example ?? firstExample(SPEC, json)?.value ?? {});
    headers["content-type"] = "application/json";
  }
  const search = query.toString();
  return {
    key: `${method.toUpperCase()} ${template}`,
    path: search ? `${path}?${search}` : path,
    method: method.toUpperCase(),
    headers,
    body,
  };
}

const SPEC_OPERATIONS = listOperations(SPEC);
const OPERATIONS = SPEC_OPERATIONS.map(exampleRequest);

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function send(mock: RunningMock, request: Omit<ExampleRequest, "key">): Promise<Answer> {
  const res = await fetch(`${mock.url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!["date", "connection", "keep-alive"].includes(name)) headers[name] = value;
  });
  return { status: res.status, headers, body: sameSecond(await res.text()) };
}

/**
 * The stateless token's `now` is the wall clock's: two answers a second apart
 * differ there. Its lifetime (`expired_at - now`) must not; that is kept.
 */
function sameSecond(body: string): string {
  try {
    const parsed = JSON.parse(body) as { response?: { now?: unknown; expired_at?: unknown } };
    const response = parsed.response;
    if (!response || typeof response.now !== "number" || typeof response.expired_at !== "number") return body;
    return JSON.stringify({
      ...parsed,
      response: { ...response, now: "(now)", expired_at: `now + ${response.expired_at - response.now}` },
    });
  } catch {
    return body;
  }
}

let fast: RunningMock;
let full: RunningMock;
beforeAll(async () => {
  [fast, full] = await Promise.all([startMock({ port: 0 }), startMock({ port: 0, fastPath: false })]);
});
afterAll(() => Promise.all([fast.close(), full.close()]));

describe("stateless fast path vs Prism's full engine", () => {
  it("covers every operation of the bundle, trailing-slash aliases included", () => {
    const aliases = OPERATIONS.filter((op) => op.key.endsWith("/"));
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(100);
    expect(aliases.map((op) => op.key)).toEqual(expect.arrayContaining(["POST /payments/prepare/", "POST /subscribe/payments/foreign/"]));
    expect(new Set(OPERATIONS.map((op) => op.key)).size).toBe(SPEC_OPERATIONS.length);
  });

  it.each(OPERATIONS.map((op) => [op.key, op] as const))("%s: same status, headers and body, from the cache", async (_key, request) => {
    const expected = await send(full, request);
    const first = await send(fast, request);
    const before = engineCalls.count;
    const cached = await send(fast, request);
    // The example is a valid request, so the second answer is the cached one.
    expect(expected.status, expected.body).toBeLessThan(400);
    expect(engineCalls.count - before, "the cached answer must not reach Prism's engine").toBe(0);
    expect(first).toEqual(expected);
    expect(cached).toEqual(expected);
  });

  it("the cache is per Accept header and Prism no longer keeps the first one it saw", async () => {
    const path = "/payments/imp_448280090638";
    const headers = { authorization: "Bearer t" };
    for (const mock of [fast, full]) {
      const html = await send(mock, { method: "GET", path, headers: { ...headers, accept: "text/html" } });
      expect(html.status).toBe(406);
      const plain = await send(mock, { method: "GET", path, headers });
      expect(plain.status).toBe(200);
      expect(JSON.parse(plain.body).response.imp_uid).toBe("imp_448280090638");
      expect(await send(mock, { method: "GET", path, headers: { ...headers, accept: "application/json" } })).toEqual(plain);
    }
    expect(await send(fast, { method: "GET", path, headers: { ...headers, accept: "text/html" } })).toEqual(
      await send(full, { method: "GET", path, headers: { ...headers, accept: "text/html" } }),
    );
  });

  const odd: Array<[string, Omit<ExampleRequest, "key">]> = [
    ["no Authorization", { method: "GET", path: "/payments/imp_448280090638", headers: {} }],
    [
      "invalid JSON body",
      {
        method: "POST",
        path: "/payments/prepare",
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: JSON.stringify({ amount: -1, extra: true }),
      },
    ],
    [
      "invalid form body",
      {
        method: "POST",
        path: "/payments/prepare",
        headers: { authorization: "Bearer t", "content-type": "application/x-www-form-urlencoded" },
        body: "amount=abc",
      },
    ],
    [
      "valid form body",
      {
        method: "POST",
        path: "/payments/prepare",
        headers: { authorization: "Bearer t", "content-type": "application/x-www-form-urlencoded" },
        body: "merchant_uid=order_1&amount=1000",
      },
    ],
    [
      "unsupported content type",
      { method: "POST", path: "/payments/prepare", headers: { authorization: "Bearer t", "content-type": "text/plain" }, body: "x" },
    ],
    ["invalid query", { method: "GET", path: "/payments/imp_448280090638?include_sandbox=maybe", headers: { authorization: "t" } }],
    ["invalid path parameter", { method: "GET", path: "/payments/status/unknown", headers: { authorization: "t" } }],
    ["tie between two templates", { method: "GET", path: "/payments/find/balance", headers: { authorization: "t" } }],
    // Prism decodes `%66ind` to `find` before matching, so two templates match; the fast path leaves percent-encoded paths to Prism.
    ["percent-encoded literal", { method: "GET", path: "/payments/%66ind/balance", headers: { authorization: "t" } }],
    ["percent-encoded parameter", { method: "GET", path: "/payments/imp_%34%34", headers: { authorization: "t" } }],
    ["trailing slash", { method: "GET", path: "/payments/", headers: { authorization: "t" } }],
    ["double slash", { method: "GET", path: "/payments//imp_1", headers: { authorization: "t" } }],
    ["unknown path", { method: "GET", path: "/no/such/path", headers: {} }],
    ["unknown method", { method: "PATCH", path: "/payments/prepare", headers: { authorization: "t" } }],
    ["HEAD", { method: "HEAD", path: "/payments/imp_448280090638", headers: { authorization: "t" } }],
    ["control API", { method: "GET", path: "/__mock/health", headers: {} }],
    ...(
      [
        ["JSON array body", "[]"],
        ["JSON string body", '"order_1"'],
        ["JSON number body", "123"],
        ["JSON null body", "null"],
        ["JSON body with a byte-order mark", '\uFEFF{"merchant_uid":"order_1","amount":1000}'],
        ["empty JSON body", ""],
        ["JSON body with __proto__", '{"__proto__":{"x":1},"merchant_uid":"order_1","amount":1000}'],
      ] as const
    ).map(
      ([label, body]) =>
        [
          label,
          { method: "POST", path: "/payments/prepare", headers: { authorization: "Bearer t", "content-type": "application/json" }, body },
        ] as [string, Omit<ExampleRequest, "key">],
    ),
    [
      "JSON with charset and upper-case type",
      {
        method: "POST",
        path: "/payments/prepare",
        headers: { authorization: "Bearer t", "content-type": "APPLICATION/JSON; charset=UTF-8" },
        body: JSON.stringify({ merchant_uid: "order_1", amount: 1000 }),
      },
    ],
    [
      "repeated query value",
      { method: "GET", path: "/payments/imp_448280090638?include_sandbox=true&include_sandbox=false", headers: { authorization: "t" } },
    ],
    [
      "query named __proto__",
      { method: "GET", path: "/payments/imp_448280090638?__proto__=x&__proto__=y", headers: { authorization: "t" } },
    ],
    ["Accept: */*", { method: "GET", path: "/payments/imp_448280090638", headers: { authorization: "t", accept: "*/*" } }],
    [
      "Accept: application/xml",
      { method: "GET", path: "/payments/imp_448280090638", headers: { authorization: "t", accept: "application/xml" } },
    ],
    [
      "Prefer that is not a preference",
      { method: "GET", path: "/payments/imp_448280090638", headers: { authorization: "t", prefer: "code=abc; nonsense" } },
    ],
    ["legacy token header", { method: "GET", path: "/payments/imp_448280090638", headers: { "x-imptokenheader": "t" } }],
    ["empty Authorization", { method: "GET", path: "/payments/imp_448280090638", headers: { authorization: "" } }],
  ];
  it("routes as Prism's router does: every template with each parameter set to every literal of the spec", async () => {
    // Literal segments are what make templates tie or shadow each other (`/payments/find/balance`);
    // empty and percent-encoded ones are what Prism decodes before matching.
    // Only a literal at the same depth can make two templates compete for a path.
    const literalsAt = new Map<number, Set<string>>();
    for (const { key } of OPERATIONS) {
      (key.split(" ")[1] as string).split("/").forEach((part, depth) => {
        if (part.includes("{")) return;
        const set = literalsAt.get(depth) ?? new Set(["", "%66ind", "a%2Fb", "%E0%A4%A"]);
        set.add(part);
        literalsAt.set(depth, set);
      });
    }
    const requests = new Map<string, { method: string; path: string; headers: Record<string, string> }>();
    for (const { key } of OPERATIONS) {
      const [method, template] = key.split(" ") as [string, string];
      template.split("/").forEach((part, depth) => {
        if (!part.includes("{")) return;
        for (const literal of literalsAt.get(depth) ?? []) {
          const parts = template.split("/");
          parts[depth] = literal;
          const path = parts.join("/").replace(/\{[^}]+\}/g, "x1");
          requests.set(`${method} ${path}`, { method, path, headers: { authorization: "Bearer t" } });
        }
      });
    }
    expect(requests.size).toBeGreaterThan(200);
    console.log(`[routing] ${requests.size} requests compared`);
    const differences: string[] = [];
    const entries = [...requests];
    for (let start = 0; start < entries.length; start += 16) {
      await Promise.all(
        entries.slice(start, start + 16).map(async ([label, request]) => {
          const [expected, actual] = await Promise.all([send(full, request), send(fast, request)]);
          if (JSON.stringify(expected) !== JSON.stringify(actual)) differences.push(`${label}: ${expected.status} vs ${actual.status}`);
        }),
      );
    }
    expect(differences).toEqual([]);
  }, 120_000);

  it.each(odd)("%s: answered as Prism answers it", async (_label, request) => {
    const [a, b] = [await send(full, request), await send(fast, request)];
    const c = await send(fast, request);
    // Health carries the clock; everything else must match to the byte.
    if (request.path === "/__mock/health") {
      expect(a.status).toBe(200);
      expect([b.status, c.status]).toEqual([200, 200]);
      return;
    }
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(b.status, b.body).toBeLessThan(500);
  });
});

describe("stateful operations without state: fast path vs full engine", () => {
  let statefulFast: RunningMock;
  let statefulFull: RunningMock;
  const tokens = new Map<RunningMock, string>();
  const handled = new Set(
    Object.keys(new StatefulApi(new MockState({ maxRecords: 1, maxWebhooks: 1 }), { apiKey: "k", apiSecret: "s" }).handlers),
  );
  // A trailing-slash alias is answered by its canonical operation's handler.
  const fallbacks = OPERATIONS.filter((op) => !handled.has(op.key) && !handled.has(op.key.replace(/\/$/, "")));

  beforeAll(async () => {
    [statefulFast, statefulFull] = await Promise.all([
      startMock({ port: 0, stateful: true, apiKey: "k", apiSecret: "s" }),
      startMock({ port: 0, stateful: true, apiKey: "k", apiSecret: "s", fastPath: false }),
    ]);
    for (const mock of [statefulFast, statefulFull]) {
      const res = await fetch(`${mock.url}/users/getToken`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ imp_key: "k", imp_secret: "s" }),
      });
      tokens.set(mock, (await res.json()).response.access_token);
    }
  });
  afterAll(() => Promise.all([statefulFast.close(), statefulFull.close()]));

  it("has operations without state to compare", () => {
    expect(fallbacks.length).toBeGreaterThan(20);
  });

  it("answers each of them (echo included) like the full engine, also for an unknown token", async () => {
    for (const request of fallbacks) {
      const withToken = (mock: RunningMock) =>
        request.headers.authorization
          ? { ...request, headers: { ...request.headers, authorization: `Bearer ${tokens.get(mock)}` } }
          : request;
      const expected = await send(statefulFull, withToken(statefulFull));
      const first = await send(statefulFast, withToken(statefulFast));
      const before = engineCalls.count;
      const cached = await send(statefulFast, withToken(statefulFast));
      expect(expected.status, `${request.key}: ${expected.body}`).toBeLessThan(400);
      expect(engineCalls.count - before, request.key).toBe(0);
      expect(first, request.key).toEqual(expected);
      expect(cached, request.key).toEqual(expected);
      if (request.headers.authorization) {
        const unknown = { ...request, headers: { ...request.headers, authorization: "Bearer not-issued" } };
        const refused = await send(statefulFast, unknown);
        expect(refused.status, request.key).toBe(401);
        expect(refused, request.key).toEqual(await send(statefulFull, unknown));
      }
    }
  });
});
