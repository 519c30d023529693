import { MASK, type Masker } from "./proxy/masking.js";

/** Card-number-like digit runs, masked in query values too. */
const CARD_LIKE = /\b\d(?:[ -]?\d){12,18}\b/g;

/** One API request the mock answered, as `GET /__mock/requests` lists it. */
export interface LoggedRequest {
  /** Order of arrival in this mock, from 1. */
  seq: number;
  /** When it arrived (wall clock, ISO 8601). */
  at: string;
  method: string;
  /** Path and query as sent, with the values of sensitive query parameters masked. */
  path: string;
  /** The spec's operationId, or `null` for a path the spec does not have. */
  operation: string | null;
  status: number;
  /** The request body as the mock read it (JSON, or a form expanded to an object), secrets masked; `null` without one. */
  body: unknown;
}

/** Entries kept per log; past that the oldest goes. */
export const MAX_LOGGED_REQUESTS = 1_000;

/**
 * The API requests one merchant sent (the whole mock's in the stateless
 * mode), newest last, so that a test can assert what its code sent: for
 * example that a timeout was not followed by a second charge. Card data,
 * secrets and tokens never reach it: bodies are masked by the spec's
 * `x-sensitive` fields on the way in, and headers are not kept.
 */
export class RequestLog {
  readonly #entries: LoggedRequest[] = [];

  add(entry: LoggedRequest): void {
    if (this.#entries.length >= MAX_LOGGED_REQUESTS) this.#entries.shift();
    this.#entries.push(entry);
  }

  list(): readonly LoggedRequest[] {
    return this.#entries;
  }

  clear(): void {
    this.#entries.length = 0;
  }
}

let sequence = 0;

/** A log entry with secrets masked: sensitive body fields and query values, and anything remembered as a secret. */
export function logEntry(
  masker: Masker,
  request: {
    method: string;
    pathname: string;
    /** The query as sent, without `?`. */
    search: string;
    operation: string | undefined;
    status: number;
    body: unknown;
    token: string | undefined;
  },
): LoggedRequest {
  // Bodies are masked field by field and scrubbed of remembered secrets; a request without one costs no scrubbing.
  if (request.body !== undefined) masker.learn(request.body, request.token);
  let search = "";
  if (request.search) {
    const query = new URLSearchParams();
    for (const [name, value] of new URLSearchParams(request.search))
      query.append(name, masker.isSensitive(name) ? MASK : value.replace(CARD_LIKE, MASK));
    search = query.toString();
  }
  return {
    seq: ++sequence,
    at: new Date().toISOString(),
    method: request.method,
    path: search ? `${request.pathname}?${search}` : request.pathname,
    operation: request.operation ?? null,
    status: request.status,
    body: request.body === undefined ? null : masker.mask(request.body),
  };
}
