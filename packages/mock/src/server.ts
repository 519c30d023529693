import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { controlHandlers, controlSpecPath } from "./control.js";
import { type ControlClient, createControlClient } from "./control-client.js";
import { EmptyQueryValues } from "./empty-values.js";
import { failure } from "./envelope.js";
import { FaultTable } from "./faults.js";
import { BracketForms } from "./form.js";
import type { PrismLogLevel } from "./log-level.js";
import { Authoriser } from "./pipeline/authorise.js";
import { Dispatcher } from "./pipeline/dispatch.js";
import { createPipeline } from "./pipeline/handle.js";
import { RequestValidator } from "./pipeline/validate.js";
import { writeReply } from "./pipeline/write.js";
import { createPrismEngine, type PrismEngine } from "./prism.js";
import type { ProxyConfig } from "./proxy/config.js";
import type { DriftReportJson } from "./proxy/drift.js";
import { Masker, specSensitiveNames } from "./proxy/masking.js";
import { createDriftProxy, type DriftProxy } from "./proxy/setup.js";
import { RequestLog } from "./request-log.js";
import { Router } from "./router.js";
import { bundledSpecPath } from "./spec.js";
import { Merchants } from "./stateful/merchants.js";
import { DEFAULT_LIMITS } from "./stateful/state.js";
import { PreferenceCheck } from "./steering.js";
import { SpecValidator } from "./validation.js";

export { MAX_BODY_BYTES } from "./pipeline/read.js";

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
   * Answer through the mock's own pipeline: it routes once as Prism's router
   * would, judges with Prism's security check and validator, and sends
   * Prism's answer again from a cache (see README, "How a request is
   * answered"). Default `true`. `false` has Prism's full engine answer every
   * operation without state: the same answers, 10 to 20 times slower; the
   * reference the pipeline is tested against. Also `false` whenever
   * `logLevel` is `warn`, `info` or `debug`, so that Prism logs every request.
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

const DUE_CHECK_INTERVAL_MS = 1_000;
/** Prism logs nothing for a valid request at these levels, so answering without its full engine loses no log line. */
const QUIET_LOG_LEVELS: ReadonlySet<PrismLogLevel> = new Set(["silent", "fatal", "error"]);

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

/** The lower-case header names the spec's security schemes read (its API keys in headers). */
function tokenHeaders(spec: Record<string, unknown> | undefined): string[] {
  const schemes = (spec?.components as { securitySchemes?: Record<string, { type?: string; in?: string; name?: string }> } | undefined)
    ?.securitySchemes;
  const names = new Set<string>(["authorization"]);
  for (const scheme of Object.values(schemes ?? {})) {
    if (scheme.type === "apiKey" && scheme.in === "header" && scheme.name) names.add(scheme.name.toLowerCase());
  }
  return [...names];
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
  const stateful = options.stateful ?? false;
  if (stateful && options.proxy) throw new Error("The proxy mode and the stateful mode exclude each other: the upstream keeps the state");
  const specDocument = loadJson(specPath);
  const proxy: DriftProxy | undefined = options.proxy
    ? createDriftProxy(
        typeof options.proxy === "string" ? { upstream: options.proxy } : options.proxy,
        specDocument ?? (JSON.parse(readFileSync(specPath, "utf8")) as Record<string, unknown>),
        (key, request) => {
          const operation = engine.operation(key);
          return operation ? engine.validate(operation, request) : Promise.resolve([{ message: `No operation ${key}`, severity: 0 }]);
        },
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
  const operationIds = new Map(engine.operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op.iid]));
  const knownOperations = new Set([...operationIds.keys(), ...[...operationIds.values()].filter((id): id is string => !!id)]);
  const statelessFaults = new FaultTable();
  const emptyQueryValues = new EmptyQueryValues(engine.operations);
  const statelessRequests = new RequestLog();
  const echoValidator = stateful && specDocument ? new SpecValidator(specDocument) : undefined;
  const routes = routerFor(engine);
  const preferenceCheck = !stateful && specDocument ? new PreferenceCheck(specDocument) : undefined;
  let selfUrl = "";

  const handle = createPipeline({
    api: {
      engine,
      routes,
      validator: new RequestValidator(engine, emptyQueryValues),
      bracketForms: specDocument ? new BracketForms(specDocument) : undefined,
      authoriser: new Authoriser({ engine, merchants, statelessFaults, tokenHeaders: tokenHeaders(specDocument) }),
      dispatcher: new Dispatcher({ engine, merchants, echoValidator, preferenceCheck }),
    },
    control: {
      engine: controlEngine,
      routes: routerFor(controlEngine),
      validator: new RequestValidator(controlEngine, new EmptyQueryValues(controlEngine.operations)),
      bracketForms: undefined,
      handlers: controlHandlers({
        merchants,
        statelessFaults,
        statelessRequests,
        knowsOperation: (operation) => knownOperations.has(operation),
      }),
    },
    reference:
      (options.fastPath ?? true) && QUIET_LOG_LEVELS.has(logLevel)
        ? undefined
        : { engine, routes, merchants, emptyQueryValues, echoValidator, preferenceCheck },
    merchants,
    statelessFaults,
    statelessRequests,
    masker: new Masker(specDocument ? specSensitiveNames(specDocument) : []),
    operationId: (key) => operationIds.get(key),
    selfUrl: () => selfUrl,
  });

  const server = createServer((req, res) => {
    // Proxy mode: the API goes upstream; /__mock/drift answers the report; the rest of /__mock/ is as usual.
    if (proxy && !req.url?.startsWith("/__mock/")) {
      proxy.handle(req, res).catch((error) => {
        console.error("[iamport-mock] proxy error:", error instanceof Error ? error.message : error);
        if (!res.headersSent) writeReply(res, failure(500, "Mock server error"));
      });
      return;
    }
    if (proxy && req.method === "GET" && req.url === "/__mock/drift") {
      writeReply(res, { status: 200, body: proxy.drift.toJSON() });
      return;
    }
    void handle(req, res);
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
