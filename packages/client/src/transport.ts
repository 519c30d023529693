import type { Client } from "openapi-fetch";
import { IamportNetworkError, IamportTimeoutError, isEnvelope, type OperationRef, refusal } from "./errors.js";
import type { IamportFetchClient } from "./fetch-client.js";
import type { FetchLike, IamportClientOptions } from "./options.js";
import { redact, sensitiveValuesOf } from "./redact.js";
import { sleep, TIMED_OUT, withTimeout } from "./signals.js";
import type { TokenManager } from "./token.js";

/** The client options the transport reads, the `fetch` to send with, and a random source for the jitter (in [0, 1)). */
export type TransportOptions = Pick<IamportClientOptions, "timeoutMs" | "retry" | "apiSecret"> & {
  fetch: FetchLike;
  random?: () => number;
};

/** Delay before retry number `attempt + 1`: `Retry-After` seconds when given, else exponential with "equal jitter"; capped. */
export function backoffDelay(
  attempt: number,
  retry: { baseDelayMs: number; maxDelayMs: number },
  random: () => number,
  retryAfter?: string | null,
): number {
  const seconds = retryAfter ? +retryAfter : Number.NaN;
  return Math.min(retry.maxDelayMs, seconds >= 0 ? seconds * 1000 : retry.baseDelayMs * 2 ** attempt * (0.5 + random() / 2));
}

const METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"] as const;
type CallInit = { body?: unknown; headers?: unknown; signal?: AbortSignal | null; [key: string]: unknown };
type RawCall = (path: string, init: CallInit) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/**
 * Wraps an openapi-fetch client into
 * the client's `v1` or `supplements`; `authenticate` says which paths get the
 * token, and `tierCode` goes with it as the `Tier` header. Everything a call needs (its operation,
 * its sensitive values, its token) lives in this function's closure for the
 * duration of the call, so nothing depends on the identity of the `Request`
 * or `Response` objects that user middleware may clone or replace. Per call:
 * - adds `Authorization` (and `Tier`) as headers of the call, waiting for the
 *   shared token lookup (which calls `fetch` directly, never this stack);
 * - enforces `timeoutMs` per attempt, response body and middleware included,
 *   and honours the caller's AbortSignal. The attempt's signal goes to
 *   `fetch` as its second argument, never onto the `Request`: a signal on
 *   a `Request` costs more than the rest of the call (issue #14);
 * - after a 401, gets a fresh token and replays once;
 * - retries GET (only GET) on network errors, timeouts, 429 and 5xx;
 * - turns HTTP ≥ 400 and envelopes with `code` ≠ 0 into a redacted
 *   {@link IamportApiError} in `error`, with `data` undefined.
 * Each attempt is a fresh openapi-fetch call, so the request body is
 * serialised again rather than buffered and copied.
 */
export function wrapClient<Paths extends {}>(
  inner: Client<Paths>,
  options: TransportOptions,
  tokens: TokenManager | undefined,
  authenticate: (path: string) => boolean,
  tierCode?: string,
): IamportFetchClient<Paths> {
  const { timeoutMs = 30_000, random = Math.random, fetch: fetchImpl } = options;
  const retry = { retries: 2, baseDelayMs: 250, maxDelayMs: 4000, ...(options.retry || { retries: 0 }) };

  const call = async (method: (typeof METHODS)[number], raw: RawCall, path: string, init: CallInit = {}) => {
    const operation: OperationRef = { method, path };
    const signal = init.signal ?? null;
    const secrets = init.body === undefined ? [] : sensitiveValuesOf(init.body);
    const needsToken = authenticate(path);
    const retries = method === "GET" ? retry.retries : 0;
    let retried = 0;
    let rejected: string | undefined;
    for (;;) {
      const token = needsToken ? await tokens?.getAccessToken(signal, rejected) : undefined;
      const allSecrets = [...secrets, ...(tokens ? tokens.secrets() : [options.apiSecret]), token ?? ""];
      let headers = init.headers as Record<string, unknown> | undefined;
      if (token) {
        headers = {
          ...(headers instanceof Headers || Array.isArray(headers)
            ? Object.fromEntries(new Headers(headers) as unknown as Iterable<[string, string]>)
            : headers),
          Authorization: `Bearer ${token}`,
        };
        if (tierCode && headers.Tier == null && headers.tier == null) headers.Tier = tierCode;
      }
      let result: Awaited<ReturnType<RawCall>>;
      // 0: still in the user's onRequest middleware; 1: handed to `fetch`; 2: `fetch` failed, with `cause`.
      // Only 2 (or a timeout) is a network error: whatever else a middleware throws is its own.
      let sent = 0;
      let cause: unknown;
      try {
        result = await withTimeout(timeoutMs, signal, (attemptSignal) =>
          raw(path, {
            ...init,
            headers,
            signal: undefined,
            fetch: (request: Request) => {
              sent = 1;
              return fetchImpl(request, { signal: attemptSignal }).catch((error: unknown) => {
                sent = 2;
                cause = error;
                throw error;
              });
            },
          }),
        );
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        // A middleware that never lets the request go: nothing was sent, and another attempt would hang the same way.
        if (error === TIMED_OUT && !sent) throw new IamportTimeoutError(operation, `onRequest middleware hung ${timeoutMs} ms; not sent`);
        if (error !== TIMED_OUT && sent < 2) throw error;
        if (retried < retries) {
          await sleep(backoffDelay(retried++, retry, random), signal);
          continue;
        }
        if (error === TIMED_OUT) throw new IamportTimeoutError(operation, `timed out after ${timeoutMs} ms`);
        const failure = cause as Error | undefined;
        throw new IamportNetworkError(operation, redact(`${failure} ${failure?.cause ?? ""}`, allSecrets));
      }

      const { data, error, response } = result;
      const { status } = response;
      if (status === 401 && token && !rejected) {
        rejected = token;
        continue;
      }
      if ((status === 429 || status > 499) && retried < retries) {
        await sleep(backoffDelay(retried++, retry, random, response.headers.get("retry-after")), signal);
        continue;
      }
      return error !== undefined || !response.ok || (isEnvelope(data) && data.code !== 0)
        ? { error: refusal(operation, response, error ?? data, allSecrets), response }
        : { data, response };
    }
  };

  // openapi-fetch's use() and eject() are closures over its middleware list, not methods reading `this`.
  const client: Record<string, unknown> = { use: inner.use, eject: inner.eject };
  for (const method of METHODS) {
    const raw = inner[method] as unknown as RawCall;
    client[method] = (path: string, init?: CallInit) => call(method, raw, path, init);
  }
  return client as unknown as IamportFetchClient<Paths>;
}
