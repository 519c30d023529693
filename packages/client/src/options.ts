/**
 * The types a caller passes to `createIamportClient`: the options, the
 * `fetch` and retry shapes, and the token store. A leaf module (it imports
 * nothing) so that the client, the transport and the token manager all read
 * their options from here without importing one another.
 */

/**
 * A `fetch` as the client calls it: with one `Request`, and `{ signal }`, the
 * attempt's signal (timeout or caller's abort), as the second argument.
 * `globalThis.fetch` is one. Pass the signal on to the real fetch so that a
 * timed-out request's connection is released; the call rejects on time either way.
 */
export type FetchLike = (input: Request, init: { signal: AbortSignal }) => Promise<Response>;

/** Automatic retries. They apply to GET only: a repeated POST could pay or cancel twice. */
export interface RetryOptions {
  /** Retries after the first attempt, on a network error, a timeout, 429 or 5xx. Default 2. */
  retries?: number;
  /** Delay before the first retry, doubled for each further one, with jitter. Default 250 ms. */
  baseDelayMs?: number;
  /** Longest delay between two attempts, also the cap on `Retry-After`. Default 4000 ms. */
  maxDelayMs?: number;
}

/**
 * An access token as kept in a {@link TokenStore}. Both times are PortOne's
 * (UNIX seconds on PortOne's clock, from the getToken response), never a
 * host's, so hosts with skewed clocks can share one entry: each host judges
 * it with its own measured offset to PortOne's clock.
 */
export interface StoredToken {
  accessToken: string;
  /** PortOne's `expired_at`. */
  expiredAt: number;
  /** PortOne's `now` in the getToken response that returned this token. */
  issuedAt: number;
  /**
   * PortOne's time when the store read this entry, for stores that count down
   * its life themselves: `expiredAt` minus the entry's remaining time to live
   * (Redis `PTTL`), in seconds. A durations count is the same on every host's
   * clock, so a host that has not called getToken yet can judge the token by it
   * and use it. Leave it out otherwise: that host then calls getToken once.
   */
  readAt?: number | undefined;
}

/**
 * Where tokens are shared, e.g. Redis for a fleet of servers. Either method
 * may fail: the client then falls back to its own memory and to getToken.
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | null | undefined>;
  /** `ttlSeconds` is the token's remaining life on PortOne's clock: use it as the entry's expiry. */
  set(key: string, token: StoredToken, ttlSeconds: number): Promise<void>;
}

/** Options of `createIamportClient`. Every optional one also accepts `undefined` (as under `exactOptionalPropertyTypes`). */
export interface IamportClientOptions {
  /** REST API key (imp_key). */
  apiKey: string;
  /** REST API secret (imp_secret). Never logged or put into errors. */
  apiSecret: string;
  /** V1 API base URL. Default `https://api.iamport.kr`. */
  baseUrl?: string | undefined;
  /** Supplements API base URL. Default `https://api.iamport.co`. */
  supplementsBaseUrl?: string | undefined;
  /**
   * Sub-merchant tier code (하위 상점), sent as the `Tier` header on every V1 call but getToken. A call's own
   * `Tier` header wins. Not sent to the supplements API, which does not document it.
   */
  tierCode?: string | undefined;
  /** `fetch` to use, e.g. an instrumented one or one injected in tests. Default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Time limit of each HTTP attempt, response body included. Default 30 000 ms; `0` disables it. */
  timeoutMs?: number | undefined;
  /** Automatic retries of GET calls, or `false` for none. Default 2 retries. */
  retry?: RetryOptions | false | undefined;
  /** Where to share the access token with other clients or hosts. Default: this client's memory only. */
  tokenStore?: TokenStore | undefined;
  /**
   * Refresh the token this many seconds before PortOne's expiry (judged on PortOne's clock). Default 45: inside
   * PortOne's last minute, where getToken extends the same token by 5 minutes instead of returning it unchanged.
   */
  refreshMarginSeconds?: number | undefined;
}
