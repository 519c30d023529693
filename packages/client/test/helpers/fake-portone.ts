/**
 * An in-process stand-in for PortOne, injected as the client's `fetch` (no
 * global patching, no sockets). It follows PortOne's token rules on its own
 * clock, which runs on `performance.now()` and so ignores `vi.setSystemTime`:
 * tests can skew the host's wall clock without moving PortOne's.
 * - a token lives 30 minutes;
 * - getToken before expiry returns the same token, extended by 5 minutes
 *   when less than 1 minute is left;
 * - a call with an expired, revoked or unknown token gets 401 (and is counted).
 */

export const API_KEY = "test_api_key_4821937164";
export const API_SECRET = "Vx3kW9mQ2pL7rT5yN8bC4dF6gH1jK0sA2eR7uI9oP3zX5cV8bN1mQ4wE6rT0yU2iO";
/** PortOne's clock when `performance.now()` is 0: 2026-11-26T09:00:00Z. */
const SERVER_EPOCH_MS = Date.UTC(2026, 10, 26, 9, 0, 0);

export interface FakeCall {
  method: string;
  path: string;
  authorization: string | null;
  tier: string | null;
  contentType: string | null;
  body: string;
  /** PortOne's clock when the call arrived, in UNIX seconds. */
  at: number;
}

export type Handler = (call: FakeCall, request: Request) => Response | undefined | Promise<Response | undefined>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export const envelope = (response: unknown) => ({ code: 0, message: null, response });
export const refusal = (code: number, message: string) => ({ code, message, response: null });

export interface FakePortOneOptions {
  /** Answers calls other than getToken that carry a valid token; `undefined` falls back to `{code: 0, response: {ok: true}}`. */
  handler?: Handler;
  /** Answers getToken instead of the built-in rules (after the credentials check). */
  tokenHandler?: Handler;
  /** Delay before getToken answers, in ms (real or fake timers alike). */
  tokenDelayMs?: number;
  /** Life of a new token on PortOne's clock, in seconds. Default 1800 (30 minutes), as PortOne. */
  tokenLifeSeconds?: number;
}

export function fakePortOne(options: FakePortOneOptions = {}) {
  const calls: FakeCall[] = [];
  const revoked = new Set<string>();
  let current: { token: string; expiredAt: number } | undefined;
  let serial = 0;
  let expiredTokenUses = 0;

  const serverNow = () => Math.floor((SERVER_EPOCH_MS + performance.now()) / 1000);

  const issueToken = () => {
    const now = serverNow();
    if (!current || current.expiredAt <= now || revoked.has(current.token)) {
      serial += 1;
      current = {
        token: `tok_${serial.toString().padStart(4, "0")}_${"a".repeat(32)}`,
        expiredAt: now + (options.tokenLifeSeconds ?? 1800),
      };
    } else if (current.expiredAt - now < 60) {
      current = { ...current, expiredAt: current.expiredAt + 300 };
    }
    return json(200, envelope({ access_token: current.token, now, expired_at: current.expiredAt }));
  };

  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const body = await request.text();
    const call: FakeCall = {
      method: request.method,
      path: url.pathname + url.search,
      authorization: request.headers.get("authorization"),
      tier: request.headers.get("tier"),
      contentType: request.headers.get("content-type"),
      body,
      at: serverNow(),
    };
    calls.push(call);

    if (url.pathname === "/users/getToken") {
      const fields = call.contentType?.includes("json")
        ? (JSON.parse(body) as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(body));
      if (options.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, options.tokenDelayMs));
      if (fields.imp_key !== API_KEY || fields.imp_secret !== API_SECRET) {
        return json(401, refusal(-1, "imp_key, imp_secret 인증에 실패하였습니다."));
      }
      return (await options.tokenHandler?.(call, request)) ?? issueToken();
    }

    const token = call.authorization?.replace(/^Bearer /, "");
    const now = serverNow();
    const valid = current && token === current.token && !revoked.has(token);
    if (!valid || (current && current.expiredAt <= now)) {
      if (current && token === current.token && current.expiredAt <= now) expiredTokenUses += 1;
      return json(401, refusal(-1, "Unauthorized"));
    }
    return (await options.handler?.(call, request)) ?? json(200, envelope({ ok: true }));
  };

  return {
    fetch,
    calls,
    serverNow,
    /** Calls to getToken so far. */
    tokenCalls: () => calls.filter((c) => c.path === "/users/getToken").length,
    /** Calls other than getToken so far. */
    apiCalls: () => calls.filter((c) => c.path !== "/users/getToken"),
    /** Calls that arrived with a token PortOne had already expired. */
    expiredTokenUses: () => expiredTokenUses,
    /** Makes PortOne refuse the current token; the next getToken issues a new one. */
    revokeCurrentToken() {
      if (current) revoked.add(current.token);
    },
    currentToken: () => current?.token,
  };
}
