import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import createClient from "openapi-fetch";
import { bundledSpecPath, type MockOptions, type RunningMock, startMock } from "../../src/index.js";
import { Router } from "../../src/router.js";
import { SpecValidator } from "../../src/validation.js";

/**
 * The spec the stateful tests run against: the bundled one, or
 * `IAMPORT_MOCK_TEST_SPEC` (a bundle that holds operations not merged yet).
 */
export const SPEC_PATH = process.env.IAMPORT_MOCK_TEST_SPEC ?? bundledSpecPath();
export const SPEC = JSON.parse(readFileSync(SPEC_PATH, "utf8")) as {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
  webhooks?: Record<string, unknown>;
};
export const validator = new SpecValidator(SPEC as ConstructorParameters<typeof SpecValidator>[0]);
const routes = new Router(
  Object.entries(SPEC.paths).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((m) => ["get", "post", "put", "delete", "patch"].includes(m))
      .map((method) => ({ method, template, secured: true })),
  ),
);

/** Whether the spec has this operation (`METHOD /template`); flows whose operations have not landed are skipped. */
export function hasOperation(key: string): boolean {
  const [method, template] = key.split(" ") as [string, string];
  return SPEC.paths[template]?.[method.toLowerCase()] !== undefined;
}

export const API_KEY = "flow_key";
export const API_SECRET = "flow_secret";

export interface CheckedResponse {
  key: string;
  status: number;
  problem?: string;
}

/**
 * A stateful mock plus a `fetch` that checks every response the mock sends
 * against the spec: the status must be documented for the operation and the
 * body must match its schema. Problems are collected, not thrown, so that a
 * test can assert on all of them at once.
 */
export async function startCheckedMock(options: MockOptions = {}) {
  const mock = await startMock({ port: 0, stateful: true, apiKey: API_KEY, apiSecret: API_SECRET, specPath: SPEC_PATH, ...options });
  const checked: CheckedResponse[] = [];
  const checkedFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const url = new URL(request.url);
    if (!request.url.startsWith(mock.url) || url.pathname.startsWith("/__mock/")) return response;
    const route = routes.match(request.method, url.pathname);
    const text = await response.clone().text();
    const key = route ? `${route.method} ${route.template}` : `${request.method} ${url.pathname}`;
    let problem: string | undefined;
    if (!route) problem = "no such operation in the spec";
    else {
      let body: unknown;
      try {
        body = text === "" ? undefined : JSON.parse(text);
      } catch {
        problem = `body is not JSON: ${text.slice(0, 80)}`;
      }
      if (!problem) {
        const check = validator.checkResponse(route.method, route.template, response.status, body);
        if (!check.ok) problem = check.reason;
      }
    }
    checked.push({ key, status: response.status, ...(problem ? { problem } : {}) });
    return response;
  };
  return { mock, checked, checkedFetch, control: controlClient(mock) };
}

export type ControlClient = ReturnType<typeof controlClient>;

/** Calls to the mock's `/__mock/…` control API. */
export function controlClient(mock: RunningMock) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${mock.url}/__mock${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { response?: Record<string, unknown> } };
  };
  return {
    call,
    reset: () => call("POST", "/reset"),
    advance: (seconds: number) => call("POST", "/clock", { advance_seconds: seconds }),
    clock: () => call("GET", "/clock"),
    deposit: (impUid: string, amount?: number) => call("POST", `/vbanks/${impUid}/deposit`, amount === undefined ? undefined : { amount }),
    webhooks: async () =>
      (await call("GET", "/webhooks")).body.webhooks as Array<{ url: string; body: Record<string, unknown>; delivery: string }>,
  };
}

export interface Receiver {
  url: string;
  received: Array<{ path: string; body: Record<string, unknown> }>;
  /** Waits (bounded) until `count` webhooks have arrived. */
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A loopback HTTP server that records the webhooks the mock posts to it. */
export async function startReceiver(): Promise<Receiver> {
  const received: Receiver["received"] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ path: req.url ?? "/", body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    async waitFor(count) {
      for (let i = 0; i < 200 && received.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      if (received.length < count) throw new Error(`expected ${count} webhooks, got ${received.length}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loosely typed view of an openapi-fetch client: paths not yet in the generated types still compile. */
export interface LooseClient {
  GET(path: string, init?: Record<string, unknown>): Promise<LooseResult>;
  POST(path: string, init?: Record<string, unknown>): Promise<LooseResult>;
  PUT(path: string, init?: Record<string, unknown>): Promise<LooseResult>;
  DELETE(path: string, init?: Record<string, unknown>): Promise<LooseResult>;
}
// biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary response fields
export type LooseResult = { data?: any; error?: any; response: Response };

export function loose(client: unknown): LooseClient {
  return client as LooseClient;
}

/**
 * A plain openapi-fetch client of the mock, as any merchant's code would
 * call it: it fetches a token from `POST /users/getToken`, sends it as
 * `Authorization: Bearer …`, and after a 401 (a reset, or the mock's clock
 * moved past the token's expiry) fetches a new one and sends the request
 * once more. `data` and `error` are the mock's bodies as sent (a refusal
 * with HTTP 200 is `data` with `code` ≠ 0), so that tests judge the wire,
 * not a client library's reading of it.
 */
export function wireClient(baseUrl: string, fetchImpl: typeof fetch, credentials = { imp_key: API_KEY, imp_secret: API_SECRET }) {
  let token: Promise<string> | undefined;
  const getToken = async () => {
    const res = await fetchImpl(`${baseUrl}/users/getToken`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(credentials),
    });
    const body = (await res.json()) as { response?: { access_token?: string } | null };
    if (res.status !== 200 || !body.response?.access_token) throw new Error(`getToken answered ${res.status}`);
    return body.response.access_token;
  };
  const authorized = async (request: Request, renew: boolean) => {
    if (renew) token = undefined;
    token ??= getToken();
    const sent = request.clone();
    sent.headers.set("authorization", `Bearer ${await token}`);
    return fetchImpl(sent);
  };
  const withToken = async (input: Request) => {
    const first = await authorized(input, false);
    return first.status === 401 ? authorized(input, true) : first;
  };
  return loose(createClient({ baseUrl, fetch: withToken }));
}
