import type { IncomingMessage, ServerResponse } from "node:http";
import type { ControlRequest } from "../control.js";
import { failure, invalidRequest, type Reply } from "../envelope.js";
import type { FaultTable } from "../faults.js";
import type { BracketForms } from "../form.js";
import type { PrismEngine } from "../prism.js";
import type { Masker } from "../proxy/masking.js";
import { logEntry, type RequestLog } from "../request-log.js";
import type { RouteMatch, RouteMiss, Router } from "../router.js";
import type { StatefulApi } from "../stateful/api.js";
import type { Merchants } from "../stateful/merchants.js";
import { type Authoriser, TOKEN_OPERATION } from "./authorise.js";
import type { Dispatcher } from "./dispatch.js";
import { type ParsedRequest, parseRequest } from "./parse.js";
import { type ReceivedRequest, RequestFailure, readRequest, tokenOf } from "./read.js";
import { type ReferenceOptions, referenceAnswer } from "./reference.js";
import type { RequestValidator } from "./validate.js";
import { type WireReply, writeReply } from "./write.js";

/** One API (the PortOne spec's, or the control spec's) as the pipeline serves it. */
export interface ServedApi {
  engine: PrismEngine;
  routes: Router;
  validator: RequestValidator;
  bracketForms: BracketForms | undefined;
}

export interface PipelineOptions {
  api: ServedApi & { authoriser: Authoriser; dispatcher: Dispatcher };
  control: ServedApi & { handlers: Record<string, (request: ControlRequest) => Reply> };
  /** Operations without state are answered by Prism's full engine (see `reference.ts`). */
  reference: ReferenceOptions | undefined;
  merchants: Merchants | undefined;
  /** The stateless mode's faults and request log (it has no merchants). */
  statelessFaults: FaultTable;
  statelessRequests: RequestLog;
  masker: Masker;
  /** The spec's operationId of `METHOD /template`, where it has one. */
  operationId(key: string): string | undefined;
  /** This mock's own URL, for answers that link back to it when a request's Host cannot be trusted. */
  selfUrl(): string;
}

const CONTROL_PREFIX = "/__mock/";

/** What the steps learnt about an API request, for its log entry. */
interface Progress {
  route?: RouteMatch;
  parsed?: ParsedRequest;
  /** The merchant the request acted for, once authorised. */
  merchant?: StatefulApi;
}
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function takesBody(engine: PrismEngine): (key: string) => boolean {
  const keys = new Set(
    engine.operations.filter((op) => (op.request?.body?.contents?.length ?? 0) > 0).map((op) => `${op.method.toUpperCase()} ${op.path}`),
  );
  return (key) => keys.has(key);
}

/** Prism's 404 or 405 in PortOne's envelope; a 405 says which methods the path has. */
function routeMiss(miss: RouteMiss, routes: Router, pathname: string): Reply {
  if (miss.status === 404) return failure(404, miss.detail);
  const allow = routes.allowedMethods(pathname).join(", ");
  return failure(405, miss.detail, allow ? { allow } : undefined);
}

/** What went wrong before an answer could be made, as the client sees it. */
function errorReply(error: unknown): Reply {
  if (error instanceof RequestFailure) return error.reply;
  // Prism decodes the path and form bodies itself and throws on bad percent-encoding.
  if (error instanceof URIError) return failure(400, "Malformed percent-encoding in the URL or the form body");
  console.error("[iamport-mock] unexpected error:", error instanceof Error ? error.message : error);
  return failure(500, "Mock server error");
}

/**
 * The mock's one request pipeline, each step once and in this order:
 * read → route → parse → authorise → (fault) → validate → dispatch → reply,
 * then the request is logged. Every answer, error or not, leaves through
 * `writeReply` in PortOne's envelope.
 */
export function createPipeline(options: PipelineOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { api, control, merchants } = options;
  const apiTakesBody = takesBody(api.engine);
  const controlTakesBody = takesBody(control.engine);

  /** Spends a fault set for this operation, if any: waits its delay, and answers instead when it says so. */
  const applyFault = async (faults: FaultTable | undefined, route: RouteMatch): Promise<Reply | undefined> => {
    if (!faults || faults.size === 0) return undefined;
    // A trailing-slash alias is its canonical operation: a fault set for either applies to both.
    const names = [route.key, options.operationId(route.key), route.canonical, options.operationId(route.canonical)];
    const effect = faults.take(names.filter((name): name is string => name !== undefined));
    if (!effect) return undefined;
    if (effect.delayMs > 0) await sleep(effect.delayMs);
    return effect.answer;
  };

  const baseUrl = (received: ReceivedRequest) => {
    const host = received.headers.host;
    return host && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? `http://${host}` : options.selfUrl();
  };

  const answerApi = async (received: ReceivedRequest, step: Progress): Promise<WireReply> => {
    const resolved = api.routes.resolve(received.method, received.pathname);
    const route = "key" in resolved ? resolved : undefined;
    step.route = route;
    const parsed = parseRequest(received, route, { takesBody: apiTakesBody, bracketForms: api.bracketForms });
    step.parsed = parsed;
    if (options.reference && !(route && api.dispatcher.hasState(route))) {
      // Faults of the token's merchant; the stateless mode's own.
      const faults = merchants ? merchants.byAuthorization(tokenOf(received))?.faults : options.statelessFaults;
      const fault = route && (await applyFault(faults, route));
      if (fault) return fault;
      return referenceAnswer(options.reference, received, parsed, route);
    }
    if (!route) return routeMiss(resolved as RouteMiss, api.routes, received.pathname);
    const operation = api.engine.operation(route.key);
    if (!operation) return failure(404, `No operation ${route.key}`);
    const authorised = await api.authoriser.authorise(route, operation, received, parsed);
    if ("status" in authorised) return authorised;
    step.merchant = authorised.merchant;
    const fault = await applyFault(authorised.faults, route);
    if (fault) return fault;
    const violations = await api.validator.violations(route, operation, received, parsed);
    if (violations.length > 0) return invalidRequest(violations);
    return api.dispatcher.dispatch(route, operation, received, parsed, authorised, baseUrl(received));
  };

  const answerControl = async (received: ReceivedRequest): Promise<WireReply> => {
    const resolved = control.routes.resolve(received.method, received.pathname);
    const route = "key" in resolved ? resolved : undefined;
    const parsed = parseRequest(received, route, { takesBody: controlTakesBody, bracketForms: undefined });
    if (!route) return routeMiss(resolved as RouteMiss, control.routes, received.pathname);
    const operation = control.engine.operation(route.key);
    const handler = control.handlers[route.key];
    if (!operation || !handler) return failure(404, `No control operation ${route.key}`);
    const violations = await control.validator.violations(route, operation, received, parsed);
    if (violations.length > 0) return invalidRequest(violations);
    return handler({ params: route.params, query: received.query, body: parsed.fields, authorization: tokenOf(received) });
  };

  /**
   * Records an API request in its merchant's log: the one it was authorised
   * for; else the one its token or credentials name; else the configured
   * key's. The stateless mode has one log.
   */
  const logRequest = (received: ReceivedRequest, { route, parsed, merchant }: Progress, status: number) => {
    const token = tokenOf(received);
    let log = options.statelessRequests;
    if (merchants) {
      const fields = parsed?.fields ?? {};
      const named =
        merchant ??
        (route?.canonical === TOKEN_OPERATION
          ? merchants.forCredentials(fields.imp_key, fields.imp_secret)
          : merchants.byAuthorization(token));
      log = (named ?? merchants.primary).requests;
    }
    const operation = route ? options.operationId(route.key) : undefined;
    log.add(
      logEntry(options.masker, {
        method: received.method,
        pathname: received.pathname,
        search: received.search,
        operation,
        status,
        body: parsed?.logged,
        token,
      }),
    );
  };

  return async (req, res) => {
    let received: ReceivedRequest | undefined;
    const step: Progress = {};
    let reply: WireReply;
    try {
      received = await readRequest(req);
      reply = received.pathname.startsWith(CONTROL_PREFIX) ? await answerControl(received) : await answerApi(received, step);
    } catch (error) {
      reply = errorReply(error);
    }
    writeReply(res, reply);
    if (received && !received.pathname.startsWith(CONTROL_PREFIX)) logRequest(received, step, reply.status);
  };
}
