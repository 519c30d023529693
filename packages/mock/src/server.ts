import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { IHttpRequest } from "@stoplight/prism-http";
import { type Fields, parseForm } from "./body.js";
import { controlHandlers, controlSpecPath } from "./control.js";
import { type ControlClient, createControlClient } from "./control-client.js";
import { echo } from "./echo.js";
import { EmptyQueryValues } from "./empty-values.js";
import { errorBody, type Reply, type Violation } from "./envelope.js";
import { type FaultEffect, FaultTable } from "./faults.js";
import { BracketForms } from "./form.js";
import type { PrismLogLevel } from "./log-level.js";
import { readPreferences } from "./prefer.js";
import { createPrismEngine, type PrismDiagnostic, type PrismEngine } from "./prism.js";
import type { ProxyConfig } from "./proxy/config.js";
import type { DriftReportJson } from "./proxy/drift.js";
import { Masker, specSensitiveNames } from "./proxy/masking.js";
import { createDriftProxy, type DriftProxy } from "./proxy/setup.js";
import { logEntry, RequestLog } from "./request-log.js";
import { type RouteMatch, Router } from "./router.js";
import { bundledSpecPath } from "./spec.js";
import { Merchants } from "./stateful/merchants.js";
import { DEFAULT_LIMITS } from "./stateful/state.js";
import { SpecValidator } from "./validation.js";

/** Credentials the stateful mock accepts on `POST /users/getToken` unless told otherwise. */
export const DEFAULT_API_KEY = "test_api_key";
export const DEFAULT_API_SECRET = "test_api_secret";

export interface MockOptions {
  /** Port to listen on; `0` picks a free one. Default 4010. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** OpenAPI document to serve. Default: the bundled `@iamport-contract/spec`. */
  specPath?: string;
  /**
   * Prism's own log level. Default `silent`: Prism logs every rejected
   * request at `error`, and info logging halves throughput.
   */
  logLevel?: PrismLogLevel;
  /**
   * Remember tokens, payments, billing keys, schedules, virtual accounts and
   * payment URLs in memory, and send webhooks. Default `false`: the mock
   * answers with the spec's examples.
   */
  stateful?: boolean;
  /** REST API key accepted by getToken in the stateful mode. Default `test_api_key`. */
  apiKey?: string;
  /**
   * Also accept, in the stateful mode, any `imp_key` that starts with
   * `test_` when it comes with `apiSecret`. Each key is its own merchant
   * with its own state (see README, "Parallel test files"). Default `true`.
   */
  acceptTestKeys?: boolean;
  /**
   * Hosts other than loopback that the stateful mock may POST webhooks to.
   * Default none: a `notice_url` on any other host is recorded as `refused`
   * and nothing is sent.
   */
  webhookAllowHosts?: string[];
  /** REST API secret accepted by getToken in the stateful mode. Default `test_api_secret`. */
  apiSecret?: string;
  /** Most records kept per collection in the stateful mode; the oldest is evicted. Default 10,000. */
  maxRecords?: number;
  /** Most webhook deliveries remembered. Default 1,000. */
  maxWebhooks?: number;
  /**
   * Answer a request that passes Prism's validation from a cache of Prism's
   * own answer for that operation (see README, "Throughput"). Default `true`;
   * `false` sends every request through Prism's full engine: the same
   * answers, 10 to 20 times slower. The cache is off whenever `logLevel` is
   * `warn`, `info` or `debug`, so that Prism logs every request.
   */
  fastPath?: boolean;
  /**
   * Proxy mode: forward every API request to this upstream unchanged, answer
   * with the upstream's answer unchanged, and report how both differ from the
   * spec (`GET /__mock/drift`). A URL, or the full proxy configuration. Not
   * with `stateful`.
   */
  proxy?: string | ProxyConfig;
}

export interface RunningMock {
  /** Base URL, e.g. `http://127.0.0.1:4010`. Both the V1 and the supplements paths live under it. */
  url: string;
  port: number;
  /** Whether the mock keeps state. */
  stateful: boolean;
  /** Typed client of this mock's control API (`/__mock/…`): reset, clock, deposits, links, webhooks, faults. */
  control: ControlClient;
  /** Proxy mode only: the drift report so far. */
  drift?: () => DriftReportJson;
  close(): Promise<void>;
}

const UNAUTHORIZED_MESSAGE = "Unauthorized: send the access token from POST /users/getToken in the Authorization header";
const UNKNOWN_TOKEN_MESSAGE = "Unauthorized: the access token is unknown or expired; get a new one from POST /users/getToken";
/** Largest request body the mock reads; a bigger one gets 413 (documented in the README). */
export const MAX_BODY_BYTES = 1024 * 1024;
const TOKEN_OPERATION = "POST /users/getToken";
const CONTROL_PREFIX = "/__mock/";
const DUE_CHECK_INTERVAL_MS = 1_000;
/** Prism logs nothing for a valid request at these levels, so skipping its engine loses no log line. */
const QUIET_LOG_LEVELS: ReadonlySet<PrismLogLevel> = new Set(["silent", "fatal", "error"]);
/**
 * Paths the fast path routes itself: no empty segment but an optional
 * trailing slash (the spec's trailing-slash aliases), and no percent-encoding
 * (Prism decodes each segment before it compares literals; ours does not).
 */
const PLAIN_PATH = /^(?:\/[^/%]+)+\/?$/;
/** Distinct (operation, Accept) answers kept; beyond that, Prism answers uncached ones itself. */
const MAX_CACHED_ANSWERS = 4_096;

/** Prism's answer to a valid request for one operation and one Accept header, ready to send again. */
interface CachedAnswer {
  status: number;
  /** Prism's own headers (e.g. `Content-type`, `deprecation`). */
  headers: Record<string, string>;
  body: unknown;
  /** What the stateless mode writes: the headers `sendJson` would build, and the serialised body. */
  head: OutgoingHttpHeaders;
  payload: string | undefined;
}

class BadRequest extends Error {}
class PayloadTooLarge extends Error {}

/**
 * The access token's header: `Authorization`, or PortOne's older
 * `X-ImpTokenHeader` (the spec's `legacyTokenHeader` scheme) when
 * `Authorization` is absent.
 */
function tokenHeader(req: IncomingMessage): string | undefined {
  const legacy = req.headers["x-imptokenheader"];
  return req.headers.authorization ?? (Array.isArray(legacy) ? legacy[0] : legacy);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new PayloadTooLarge(`Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks).toString("utf8");
}

function toPrismRequest(req: IncomingMessage, url: URL, rawBody: string | undefined): IHttpRequest {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] as string) : values;
  }
  let body: unknown = rawBody;
  const contentType = req.headers["content-type"] ?? "";
  if (rawBody !== undefined && /^application\/(.+\+)?json/i.test(contentType)) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw new BadRequest("Request body is not valid JSON");
    }
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  // A body the mock ignores (see `rawBody` in the handler) is not there for Prism either: it judges by content-length.
  if (rawBody === undefined) {
    delete headers["content-length"];
    delete headers["transfer-encoding"];
  }
  return {
    method: (req.method ?? "GET").toLowerCase() as IHttpRequest["method"],
    url: { path: url.pathname, query },
    headers,
    body,
  };
}

/** The body as an object for the stateful handlers: parsed JSON, or an expanded form. */
function bodyFields(req: IncomingMessage, prismBody: unknown): Fields {
  if (typeof prismBody === "object" && prismBody !== null && !Array.isArray(prismBody)) return prismBody as Fields;
  if (typeof prismBody === "string" && /^application\/x-www-form-urlencoded/i.test(req.headers["content-type"] ?? "")) {
    return parseForm(prismBody);
  }
  return {};
}

function toViolations(diagnostics: PrismDiagnostic[]): Violation[] {
  return diagnostics.map((d) => ({ location: (d.path ?? []).join("."), message: d.message }));
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

function cachedAnswer(status: number, headers: Record<string, string>, body: unknown): CachedAnswer {
  if (body === undefined) return { status, headers, body, head: headers, payload: undefined };
  const payload = JSON.stringify(body);
  const head = { ...headers, "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload) };
  return { status, headers, body, head, payload };
}

function sendReply(res: ServerResponse, reply: Reply): void {
  if (reply.body === undefined) {
    res.writeHead(reply.status, { "content-length": 0 });
    res.end();
    return;
  }
  sendJson(res, reply.status, reply.body);
}

/**
 * The stateless token answer with today's `now` and an `expired_at` as far
 * ahead as the example's, so that clients which check expiry can use it.
 */
function freshToken(body: unknown): unknown {
  const response = (body as { response?: { now?: unknown; expired_at?: unknown } } | undefined)?.response;
  if (!response || typeof response.now !== "number" || typeof response.expired_at !== "number") return body;
  const now = Math.floor(Date.now() / 1000);
  return { ...(body as object), response: { ...response, now, expired_at: now + Math.max(0, response.expired_at - response.now) } };
}

function describeViolations(violations: Violation[]): string {
  return `Invalid request: ${violations.map((v) => v.message).join("; ")}`;
}

function routerFor(engine: PrismEngine): Router {
  return new Router(
    engine.operations.map((op) => ({
      method: op.method,
      template: op.path,
      secured: (op.security ?? []).some((alternative) => alternative.length > 0),
    })),
  );
}

function loadJson(path: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Starts the mock: every V1 and supplements operation of the spec on one
 * port, with requests validated against the spec and errors answered in
 * PortOne's `{code, message, response}` envelope. With `stateful: true`,
 * the operations that have state behave like PortOne's (see README).
 */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const specPath = options.specPath ?? bundledSpecPath();
  const logLevel = options.logLevel ?? "silent";
  const [engine, controlEngine] = await Promise.all([
    createPrismEngine(specPath, logLevel),
    createPrismEngine(controlSpecPath(), logLevel),
  ]);
  const routes = routerFor(engine);
  /** `METHOD template` of every operation that declares a request body. */
  const bodyTaking = new Set(
    engine.operations.filter((op) => (op.request?.body?.contents?.length ?? 0) > 0).map((op) => `${op.method.toUpperCase()} ${op.path}`),
  );
  const controlRoutes = routerFor(controlEngine);
  const stateful = options.stateful ?? false;
  if (stateful && options.proxy) throw new Error("The proxy mode and the stateful mode exclude each other: the upstream keeps the state");
  const proxy: DriftProxy | undefined = options.proxy
    ? createDriftProxy(
        typeof options.proxy === "string" ? { upstream: options.proxy } : options.proxy,
        JSON.parse(readFileSync(specPath, "utf8")) as Record<string, unknown>,
        engine.validate,
      )
    : undefined;

  const merchants = stateful
    ? new Merchants({
        apiKey: options.apiKey ?? DEFAULT_API_KEY,
        apiSecret: options.apiSecret ?? DEFAULT_API_SECRET,
        acceptTestKeys: options.acceptTestKeys ?? true,
        limits: {
          maxRecords: options.maxRecords ?? DEFAULT_LIMITS.maxRecords,
          maxWebhooks: options.maxWebhooks ?? DEFAULT_LIMITS.maxWebhooks,
        },
        webhookAllowHosts: options.webhookAllowHosts ?? [],
      })
    : undefined;
  /** Handlers do not depend on the merchant: the configured one's tell which operations have state. */
  const api = merchants?.primary;
  const operationIds = new Map(engine.operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op.iid]));
  const knownOperations = new Set([...operationIds.keys(), ...[...operationIds.values()].filter((id): id is string => !!id)]);
  const statelessFaults = new FaultTable();
  const emptyQueryValues = new EmptyQueryValues(engine.operations);
  const statelessRequests = new RequestLog();
  const control = controlHandlers({
    merchants,
    statelessFaults,
    statelessRequests,
    knowsOperation: (operation) => knownOperations.has(operation),
  });

  /**
   * Spends a fault set for this operation, if any: waits its delay and, when
   * it replaces the answer, sends it. Returns whether the request is answered.
   */
  const applyFault = async (res: ServerResponse, faults: FaultTable | undefined, route: RouteMatch): Promise<boolean> => {
    if (!faults || faults.size === 0) return false;
    // A trailing-slash alias is its canonical operation: a fault set for either applies to both.
    const names = [route.key, operationIds.get(route.key), route.canonical, operationIds.get(route.canonical)];
    const effect: FaultEffect | undefined = faults.take(names.filter((name): name is string => name !== undefined));
    if (!effect) return false;
    if (effect.delayMs > 0) await sleep(effect.delayMs);
    if (!effect.answer) return false;
    sendJson(res, effect.answer.status, effect.answer.body);
    return true;
  };
  const specDocument = loadJson(specPath);
  const validator = stateful && specDocument ? new SpecValidator(specDocument) : undefined;
  const bracketForms = specDocument ? new BracketForms(specDocument) : undefined;
  /**
   * The request as Prism reads it; a bracket-form body (`schedules[0][…]=…`)
   * expanded by the operation's schema and handed over as the JSON it stands for.
   */
  const prismRequestFor = (req: IncomingMessage, url: URL, rawBody: string | undefined, route: RouteMatch | undefined) => {
    const request = toPrismRequest(req, url, rawBody);
    if (route && bracketForms && BracketForms.applies(req.headers["content-type"], rawBody)) {
      const expanded = bracketForms.expand(route.method, route.template, rawBody);
      if (expanded) {
        request.body = expanded;
        request.headers = { ...request.headers, "content-type": "application/json" };
      }
    }
    return request;
  };
  let selfUrl = "";

  const masker = new Masker(specDocument ? specSensitiveNames(specDocument) : []);
  /** Records an API request in its merchant's log (the configured key's when no token names one; the mock's when stateless). */
  const logRequest = (req: IncomingMessage, url: URL, route: RouteMatch | undefined, status: number, body: unknown) => {
    const token = tokenHeader(req);
    let log = statelessRequests;
    if (merchants) {
      const fields = typeof body === "object" && body !== null ? (body as Fields) : {};
      const merchant =
        route?.canonical === TOKEN_OPERATION
          ? merchants.forCredentials(fields.imp_key, fields.imp_secret)
          : merchants.byAuthorization(token);
      log = (merchant ?? merchants.primary).requests;
    }
    const operation = route ? operationIds.get(route.key) : undefined;
    log.add(logEntry(masker, { method: req.method ?? "GET", url, operation, status, body, token }));
  };

  const fastPath = (options.fastPath ?? true) && QUIET_LOG_LEVELS.has(logLevel);
  const answers = new Map<string, CachedAnswer>();

  /** Sends an answer from an example; the stateful mode echoes the request into it first. */
  const sendAnswer = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    headers: Record<string, string>,
    body: unknown,
    route: RouteMatch | undefined,
    prismRequest: IHttpRequest,
  ): void => {
    if (body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    let answer: unknown = body;
    if (api && route) {
      const fields: Record<string, unknown> = {
        ...(prismRequest.url.query ?? {}),
        ...route.params,
        ...bodyFields(req, prismRequest.body),
      };
      answer = echo(body, fields, validator && { validator, method: route.method, template: route.template, status });
    }
    sendJson(res, status, answer, { ...headers });
  };

  const server = createServer(async (req, res) => {
    try {
      // Proxy mode: the API goes upstream; /__mock/drift answers the report; the rest of /__mock/ is as usual.
      if (proxy && !req.url?.startsWith(CONTROL_PREFIX)) return await proxy.handle(req, res);
      if (proxy && req.method === "GET" && req.url === "/__mock/drift") return sendJson(res, 200, proxy.drift.toJSON());
      const url = new URL(req.url ?? "/", "http://mock.invalid");
      const receivedBody = await readBody(req);
      const isControl = url.pathname.startsWith(CONTROL_PREFIX);
      const apiRoute = isControl ? undefined : routes.match(req.method ?? "GET", url.pathname);
      // PortOne ignores a body sent with a GET or DELETE that takes none: Guzzle-based PHP
      // clients put `[]` there (evidence: tests/e2e expected refusals, ModernPUG). Prism would refuse it.
      const rawBody =
        apiRoute && (req.method === "GET" || req.method === "DELETE") && !bodyTaking.has(apiRoute.key) ? undefined : receivedBody;
      let loggedBody: unknown;
      if (!isControl) res.once("finish", () => logRequest(req, url, apiRoute, res.statusCode, loggedBody));
      let prismRequest = prismRequestFor(req, url, rawBody, apiRoute);
      // A form as the object it stands for; JSON as parsed; any other body as its text.
      const isForm = /^application\/x-www-form-urlencoded/i.test(req.headers["content-type"] ?? "");
      loggedBody = typeof prismRequest.body === "string" && isForm ? bodyFields(req, prismRequest.body) : prismRequest.body;

      // Fast path of the stateful mode: our router, Prism's validator, our handler.
      // Prism's full pipeline (router + mocker) costs ~1 ms a request; this ~0.15 ms.
      const statefulRoute = api ? apiRoute : undefined;
      const statefulHandler = statefulRoute ? api?.handlers[statefulRoute.canonical] : undefined;
      if (merchants && statefulRoute && statefulHandler) {
        if (statefulRoute.secured && !tokenHeader(req)) {
          sendJson(res, 401, errorBody(-1, UNAUTHORIZED_MESSAGE));
          return;
        }
        const fields = bodyFields(req, prismRequest.body);
        const merchant = statefulRoute.secured
          ? merchants.byAuthorization(tokenHeader(req))
          : statefulRoute.canonical === TOKEN_OPERATION
            ? merchants.forCredentials(fields.imp_key, fields.imp_secret)
            : merchants.primary;
        if (!merchant) {
          sendJson(res, 401, errorBody(-1, UNKNOWN_TOKEN_MESSAGE));
          return;
        }
        if (await applyFault(res, merchant.faults, statefulRoute)) return;
        const diagnostics = engine.validate(statefulRoute.key, prismRequest);
        const emptyViolations = emptyQueryValues.violations(statefulRoute.key, prismRequest.url.query ?? {});
        if (diagnostics.length > 0 || emptyViolations.length > 0) {
          const violations = [...toViolations(diagnostics), ...emptyViolations];
          sendJson(res, 400, errorBody(-1, describeViolations(violations), violations));
          return;
        }
        merchant.runDue();
        const host = req.headers.host;
        const baseUrl = host && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? `http://${host}` : selfUrl;
        const reply = (merchant.handlers[statefulRoute.canonical] ?? statefulHandler)({
          params: statefulRoute.params,
          query: prismRequest.url.query ?? {},
          body: fields,
          baseUrl,
        });
        const token = (reply.body as { response?: { access_token?: unknown } } | undefined)?.response?.access_token;
        if (statefulRoute.canonical === TOKEN_OPERATION && typeof token === "string") merchants.noteToken(token, merchant);
        sendReply(res, reply);
        return;
      }

      const preferHeader = prismRequest.headers?.prefer;
      const preferences = api ? undefined : readPreferences(preferHeader);
      if (apiRoute) {
        // Faults of operations without state: the token's merchant's, or the stateless mode's.
        const faults = merchants ? merchants.byAuthorization(tokenHeader(req))?.faults : statelessFaults;
        if (await applyFault(res, faults, apiRoute)) return;
        // An empty query value Prism would read as absent: judged here, with Prism's own violations beside it.
        const authorized = !merchants || !apiRoute.secured || merchants.byAuthorization(tokenHeader(req));
        const emptyViolations = authorized ? emptyQueryValues.violations(apiRoute.key, prismRequest.url.query ?? {}) : [];
        if (emptyViolations.length > 0) {
          const violations = [...toViolations(engine.validate(apiRoute.key, prismRequest)), ...emptyViolations];
          sendJson(res, 400, errorBody(-1, describeViolations(violations), violations));
          return;
        }
      }

      // Fast path for answers from examples (the stateless mode, and the
      // stateful mode's operations without state). Prism's router sorts all
      // operations by a score on every request and dominates its cost; here
      // our router picks the operation (only when it provably picks Prism's),
      // Prism's own security check and validator judge the request, and a
      // valid request gets Prism's own earlier answer for that operation and
      // Accept header. Anything else (an invalid request, an unknown path, a
      // tie between templates) takes Prism's full engine below, unchanged.
      let answerKey: string | undefined;
      if (fastPath && apiRoute && !apiRoute.ambiguous && PLAIN_PATH.test(url.pathname) && engine.passes(apiRoute.key, prismRequest)) {
        // The stateless mode's Prefer header picks another answer: it is part of the key.
        answerKey = `${apiRoute.key}\n${prismRequest.headers?.accept ?? ""}\n${preferences ? (preferHeader ?? "") : ""}`;
        const cached = answers.get(answerKey);
        if (cached) {
          if (merchants && apiRoute.secured && !merchants.byAuthorization(tokenHeader(req))) {
            sendJson(res, 401, errorBody(-1, UNKNOWN_TOKEN_MESSAGE));
            return;
          }
          if (api) {
            sendAnswer(req, res, cached.status, cached.headers, cached.body, apiRoute, prismRequest);
            return;
          }
          if (apiRoute.canonical === TOKEN_OPERATION && cached.status === 200) {
            sendJson(res, cached.status, freshToken(cached.body), { ...cached.headers });
            return;
          }
          res.writeHead(cached.status, cached.head);
          res.end(cached.payload);
          return;
        }
        // Prism's validators coerce in place: give its engine the request as it came.
        prismRequest = prismRequestFor(req, url, rawBody, apiRoute);
      }

      const result = await (isControl ? controlEngine : engine).handle(prismRequest, isControl ? undefined : preferences);
      if (result.kind === "error") {
        if (result.status === 405) {
          const allow = (isControl ? controlRoutes : routes).allowedMethods(url.pathname).join(", ");
          sendJson(res, 405, errorBody(-1, result.detail), allow ? { allow } : {});
        } else if (result.status === 401) {
          sendJson(res, 401, errorBody(-1, UNAUTHORIZED_MESSAGE));
        } else if (result.violations.length > 0) {
          const violations = toViolations(result.violations);
          sendJson(res, 400, errorBody(-1, describeViolations(violations), violations));
        } else {
          sendJson(res, result.status, errorBody(-1, result.detail));
        }
        return;
      }
      if (result.inputViolations.some((v) => v.code === 401)) {
        sendJson(res, 401, errorBody(-1, UNAUTHORIZED_MESSAGE));
        return;
      }
      const route = (isControl ? controlRoutes : routes).match(prismRequest.method, url.pathname);
      if (merchants && !isControl && route?.secured && !merchants.byAuthorization(tokenHeader(req))) {
        sendJson(res, 401, errorBody(-1, UNKNOWN_TOKEN_MESSAGE));
        return;
      }
      if (result.inputViolations.length > 0) {
        const violations = toViolations(result.inputViolations);
        sendJson(res, 400, errorBody(-1, describeViolations(violations), violations));
        return;
      }

      const controlHandler = isControl && route ? control[route.key] : undefined;
      if (controlHandler) {
        sendReply(
          res,
          controlHandler({
            params: route?.params ?? {},
            query: prismRequest.url.query ?? {},
            body: bodyFields(req, prismRequest.body),
            authorization: tokenHeader(req),
          }),
        );
        return;
      }
      const { statusCode, headers, body } = result.response;
      if (answerKey !== undefined && answers.size < MAX_CACHED_ANSWERS) {
        answers.set(answerKey, cachedAnswer(statusCode, headers ?? {}, body));
      }
      const answer = !api && route?.canonical === TOKEN_OPERATION && statusCode === 200 ? freshToken(body) : body;
      sendAnswer(req, res, statusCode, headers ?? {}, answer, route, prismRequest);
    } catch (error) {
      if (error instanceof PayloadTooLarge) {
        sendJson(res, 413, errorBody(-1, error.message), { connection: "close" });
        return;
      }
      if (error instanceof BadRequest) {
        sendJson(res, 400, errorBody(-1, error.message));
        return;
      }
      if (error instanceof URIError) {
        // Prism decodes the path and form bodies itself and throws on bad percent-encoding.
        sendJson(res, 400, errorBody(-1, "Malformed percent-encoding in the URL or the form body"));
        return;
      }
      sendJson(res, 500, errorBody(-1, "Mock server error"));
      console.error("[iamport-mock] unexpected error:", error instanceof Error ? error.message : error);
    }
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  selfUrl = `http://${urlHost}:${port}`;
  const dueTimer = merchants ? setInterval(() => merchants.runDue(), DUE_CHECK_INTERVAL_MS) : undefined;
  dueTimer?.unref();
  return {
    url: selfUrl,
    port,
    stateful,
    control: createControlClient(selfUrl),
    ...(proxy ? { drift: () => proxy.drift.toJSON() } : {}),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (dueTimer) clearInterval(dueTimer);
        for (const merchant of merchants?.all() ?? []) merchant.webhooks.abortAll();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : (proxy?.flush() ?? Promise.resolve()).then(resolve, reject)));
      }),
  };
}
