import type { IHttpResponse } from "@stoplight/prism-http";
import { echo } from "../echo.js";
import { failure, type Reply } from "../envelope.js";
import { readPreferences } from "../prefer.js";
import type { HttpOperation, PrismEngine } from "../prism.js";
import type { RouteMatch } from "../router.js";
import type { Merchants } from "../stateful/merchants.js";
import type { PreferenceCheck } from "../steering.js";
import type { SpecValidator } from "../validation.js";
import { type Authorised, TOKEN_OPERATION } from "./authorise.js";
import type { ParsedRequest } from "./parse.js";
import type { ReceivedRequest } from "./read.js";
import { type PreparedReply, prepare, type WireReply } from "./write.js";

/** Distinct (operation, Accept, Prefer) answers kept; beyond that, Prism's mocker answers uncached ones each time. */
const MAX_CACHED_ANSWERS = 4_096;
const MAX_CACHE_KEY_LENGTH = 2_048;

/** Prism's answer to a valid request for one operation, one Accept and one Prefer header, ready to send again. */
interface CachedAnswer {
  /** Prism's answer as its mocker made it (its own headers, e.g. `Content-type`, `deprecation`). */
  response: IHttpResponse;
  /** The same answer serialised, as the stateless mode sends it. */
  prepared: PreparedReply;
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

/** An answer made from a spec example: the stateful mode echoes the request into it, the stateless token is made fresh. */
export function fromExample(
  response: IHttpResponse,
  route: RouteMatch,
  received: ReceivedRequest,
  parsed: ParsedRequest,
  echoing: { validator: SpecValidator | undefined } | undefined,
): Reply {
  const headers = response.headers ?? {};
  const { statusCode: status, body } = response;
  if (body === undefined) return { status, headers };
  if (echoing) {
    const fields = { ...received.query, ...route.params, ...parsed.fields };
    const check = echoing.validator && { validator: echoing.validator, method: route.method, template: route.template, status };
    return { status, body: echo(body, fields, check), headers };
  }
  if (route.canonical === TOKEN_OPERATION && status === 200) return { status, body: freshToken(body), headers };
  return { status, body, headers };
}

/**
 * Step 6: the answer. An operation with state (stateful mode) is answered by
 * its merchant's handler; every other one by Prism's mocker from the spec's
 * examples, honouring `Accept` and, in the stateless mode, `Prefer` (a
 * status or example the operation does not document is a 400). Prism's
 * answer for a valid request depends on nothing else, so it is made once per
 * (operation, Accept, Prefer) and sent again from a cache.
 */
export class Dispatcher {
  readonly #engine: PrismEngine;
  readonly #merchants: Merchants | undefined;
  /** The stateful mode echoes requests into example answers, checked by this validator when there is one. */
  readonly #echoing: { validator: SpecValidator | undefined } | undefined;
  readonly #answers = new Map<string, CachedAnswer>();

  readonly #preferenceCheck: PreferenceCheck | undefined;

  constructor(options: {
    engine: PrismEngine;
    merchants: Merchants | undefined;
    echoValidator: SpecValidator | undefined;
    preferenceCheck: PreferenceCheck | undefined;
  }) {
    this.#preferenceCheck = options.preferenceCheck;
    this.#engine = options.engine;
    this.#merchants = options.merchants;
    this.#echoing = options.merchants ? { validator: options.echoValidator } : undefined;
  }

  /** Whether the stateful mode answers this operation from state. */
  hasState(route: RouteMatch): boolean {
    return this.#merchants?.primary.handlers[route.canonical] !== undefined;
  }

  async dispatch(
    route: RouteMatch,
    operation: HttpOperation,
    received: ReceivedRequest,
    parsed: ParsedRequest,
    { merchant }: Authorised,
    baseUrl: string,
  ): Promise<WireReply> {
    const handler = merchant?.handlers[route.canonical];
    if (merchant && handler) {
      merchant.runDue();
      const reply = handler({ params: route.params, query: received.query, body: parsed.fields, baseUrl });
      const token = (reply.body as { response?: { access_token?: unknown } } | undefined)?.response?.access_token;
      if (route.canonical === TOKEN_OPERATION && typeof token === "string") this.#merchants?.noteToken(token, merchant);
      return reply;
    }
    const preferHeader = this.#merchants ? undefined : received.headers.prefer;
    const key = `${route.key}\n${received.headers.accept ?? ""}\n${preferHeader ?? ""}`;
    let cached = this.#answers.get(key);
    if (!cached) {
      const preferences = readPreferences(preferHeader);
      const problem = preferences && this.#preferenceCheck?.problem(route.method, route.template, preferences);
      if (problem) return failure(400, problem);
      const answer = await this.#engine.answer(operation, parsed.prism, preferences);
      if ("detail" in answer) return failure(answer.status, answer.detail);
      cached = { response: answer, prepared: prepare({ status: answer.statusCode, body: answer.body, headers: answer.headers ?? {} }) };
      // A huge Accept or Prefer header is answered every time rather than kept.
      if (this.#answers.size < MAX_CACHED_ANSWERS && key.length <= MAX_CACHE_KEY_LENGTH) this.#answers.set(key, cached);
    }
    // Only the stateless mode's answers go out unchanged; the others are shaped by the request.
    if (!this.#echoing && !(route.canonical === TOKEN_OPERATION && cached.response.statusCode === 200)) return cached.prepared;
    return fromExample(cached.response, route, received, parsed, this.#echoing);
  }
}
