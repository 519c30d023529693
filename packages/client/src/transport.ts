import type { Middleware } from "openapi-fetch";
import type { IamportClientOptions } from "./client.js";
import { IamportNetworkError, IamportTimeoutError, type OperationRef } from "./errors.js";
import { redact, sensitiveValues } from "./redact.js";
import { sleep, TIMED_OUT, withTimeout } from "./signals.js";
import type { TokenManager } from "./token.js";

/** A `fetch` as the client calls it: always with one `Request`. `globalThis.fetch` is one. */
export type FetchLike = (input: Request) => Promise<Response>;

/** Automatic retries. They apply to GET only: a repeated POST could pay or cancel twice. */
export interface RetryOptions {
  /** Retries after the first attempt, on a network error, a timeout, 429 or 5xx. Default 2. */
  retries?: number;
  /** Delay before the first retry, doubled for each further one, with jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** Longest delay between two attempts, also the cap on `Retry-After`. Default 4000 ms. */
  maxDelayMs?: number;
}

/** The client options the transport reads, and a random source for the jitter (in [0, 1)). */
export type TransportOptions = Pick<IamportClientOptions, "fetch" | "timeoutMs" | "retry" | "tierCode"> & { random?: () => number };

/** What `unwrap()` needs to know about a response to build a safe error. */
export interface ResponseInfo {
  operation: OperationRef;
  /** Values to mask in any error text about this response. */
  secrets: string[];
}

const operations = new WeakMap<Request, OperationRef>();
const responses = new WeakMap<Response, ResponseInfo>();

/** The operation and secrets behind a response this client returned. */
export const infoOf = (response: Response): ResponseInfo | undefined => responses.get(response);

/** Delay before retry number `attempt + 1`: `Retry-After` seconds when given, else exponential with "equal jitter"; capped. */
export function backoffDelay(attempt: number, retry: Required<RetryOptions>, random: () => number, retryAfter?: string | null): number {
  const seconds = retryAfter ? +retryAfter : Number.NaN;
  return Math.min(retry.maxDelayMs, seconds >= 0 ? seconds * 1000 : retry.baseDelayMs * 2 ** attempt * (0.5 + random() / 2));
}

/**
 * The `fetch` given to openapi-fetch, and the middleware that tells it which
 * operation a request belongs to. Per call it:
 * - buffers the request body once, so that the request can be replayed;
 * - adds `Authorization` (and `Tier`), waiting for the shared token lookup;
 * - enforces `timeoutMs` per attempt and honours the caller's AbortSignal;
 * - after a 401, gets a fresh token and replays once;
 * - retries GET (only GET) on network errors, timeouts, 429 and 5xx;
 * - buffers the response body inside the timeout and remembers the
 *   operation, so that `unwrap()` can name it in errors.
 */
export function createTransport(options: TransportOptions, tokens: TokenManager): { fetch: FetchLike; middleware: Middleware } {
  const { fetch: fetchImpl = (request) => fetch(request), timeoutMs = 30_000, tierCode, random = Math.random } = options;
  const retry = { retries: 2, baseDelayMs: 250, maxDelayMs: 4000, ...(options.retry === false ? { retries: 0 } : options.retry) };

  const middleware: Middleware = {
    onRequest({ request, schemaPath }) {
      operations.set(request, { method: request.method, path: schemaPath });
    },
  };

  const transportFetch: FetchLike = async (request) => {
    const { method, url, signal } = request;
    const operation = operations.get(request) ?? { method, path: "?" };
    const body = request.body ? await request.arrayBuffer() : null;
    const secrets = body ? sensitiveValues(new TextDecoder().decode(body)) : [];
    const needsToken = operation.path !== "/users/getToken";
    const retries = method === "GET" ? retry.retries : 0;

    let retried = 0;
    let rejected: string | undefined;
    for (;;) {
      const token = needsToken ? await tokens.getAccessToken(signal, rejected) : undefined;
      const headers = new Headers(request.headers);
      if (token) headers.set("Authorization", `Bearer ${token}`);
      if (token && tierCode && !headers.has("Tier")) headers.set("Tier", tierCode);
      const allSecrets = [...secrets, ...tokens.secrets(), token ?? ""];

      let response: Response;
      let payload: ArrayBuffer;
      try {
        [response, payload] = await withTimeout(timeoutMs, signal, async (attemptSignal) => {
          const res = await fetchImpl(new Request(url, { method, headers, body, signal: attemptSignal }));
          return [res, await res.arrayBuffer()] as const;
        });
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (retried < retries) {
          await sleep(backoffDelay(retried++, retry, random), signal);
          continue;
        }
        if (error === TIMED_OUT) throw new IamportTimeoutError(operation, `timed out after ${timeoutMs} ms`);
        throw new IamportNetworkError(operation, redact(`${error} ${(error as Error | undefined)?.cause ?? ""}`, allSecrets));
      }

      const { status } = response;
      if (status === 401 && token && !rejected) {
        rejected = token;
        continue;
      }
      if ((status === 429 || status > 499) && retried < retries) {
        await sleep(backoffDelay(retried++, retry, random, response.headers.get("retry-after")), signal);
        continue;
      }
      // The body is already read (inside the timeout): hand openapi-fetch a copy with the same status, headers and URL.
      const result = new Response(payload.byteLength && status !== 204 && status !== 304 ? payload : null, response);
      Object.defineProperty(result, "url", { value: response.url });
      responses.set(result, { operation, secrets: allSecrets });
      return result;
    }
  };

  return { fetch: transportFetch, middleware };
}
