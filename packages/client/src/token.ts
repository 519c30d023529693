import { type IamportApiError as ApiError, IamportApiError, IamportAuthError } from "./errors.js";
import type { IamportClientOptions, StoredToken, TokenStore } from "./options.js";
import { abortable } from "./signals.js";
import type { components } from "./types.js";

/** A {@link TokenStore} in this process's memory, to share one token among several clients. */
export function memoryTokenStore(): TokenStore {
  const entries = new Map<string, StoredToken>();
  return {
    get: async (key) => entries.get(key),
    set: async (key, token) => {
      entries.set(key, token);
    },
  };
}

/** The client options the token manager reads. */
export type TokenManagerOptions = Pick<IamportClientOptions, "apiKey" | "apiSecret" | "refreshMarginSeconds" | "tokenStore">;
/**
 * Calls `POST /users/getToken`, with the client's timeout and error handling (a refusal in `error`, already
 * redacted), but without the user's middleware: a middleware can then never make the lookup wait on itself.
 */
export type RequestToken = () => Promise<{
  data?: components["schemas"]["AccessTokenResponse"] | undefined;
  error?: ApiError;
  response: Response;
}>;

export interface TokenManager {
  /**
   * A valid access token, from memory, then from the store, then from
   * getToken; concurrent callers share one lookup. `rejected` (a token the
   * API just answered 401 to) is not accepted from memory or the store.
   * The caller's `signal` ends only the caller's wait.
   */
  getAccessToken(signal?: AbortSignal | null, rejected?: string): Promise<string>;
  /** Secrets to mask in any error text: the API secret and the current token. */
  secrets(): string[];
}

const GET_TOKEN = { method: "POST", path: "/users/getToken" };

/**
 * Obtains, caches, shares and refreshes the access token.
 *
 * Expiry is judged on PortOne's clock. Each getToken response gives
 * PortOne's `now`; the manager keeps `offset = now + 1 s − local monotonic
 * time when the request left` (an overestimate of PortOne's time, so refreshes
 * come early, never late) and estimates PortOne's time as
 * `performance.now() + offset`. The wall clock is never read, so a host whose
 * clock is minutes off never sends an expired token, and every host judges a
 * stored token the same way.
 */
export function createTokenManager(options: TokenManagerOptions, requestToken: RequestToken): TokenManager {
  const storeKey = `iamport:${options.apiKey}`;
  const store = options.tokenStore;
  let cached: StoredToken | undefined;
  let inFlight: Promise<string> | undefined;
  /** PortOne's epoch ms minus local monotonic ms; unknown until this process has called getToken. */
  let offsetMs: number | undefined;

  // Usable while PortOne's estimated time is before expiry minus the margin. The
  // margin is at most half the life the token had when issued, so that a token
  // returned with little life left is used for a while instead of being refetched
  // on every call.
  const usable = (token: StoredToken | null | undefined, rejected?: string): token is StoredToken =>
    !!token &&
    token.accessToken !== rejected &&
    offsetMs !== undefined &&
    performance.now() + offsetMs <
      token.expiredAt * 1000 - Math.min((options.refreshMarginSeconds ?? 45) * 1000, (token.expiredAt - token.issuedAt) * 500);

  const fetchToken = async (): Promise<StoredToken> => {
    const startedAt = performance.now();
    const { data, error, response } = await requestToken();
    const issued = data?.response;
    // A 4xx or a refusal in the envelope: the key or secret is wrong, and retrying will not help.
    if (!issued?.access_token) {
      const { code, apiMessage } = error ?? {};
      throw new (response.status < 500 ? IamportAuthError : IamportApiError)(GET_TOKEN, response.status, code, apiMessage ?? "no token");
    }
    offsetMs = (issued.now + 1) * 1000 - startedAt;
    return { accessToken: issued.access_token, expiredAt: issued.expired_at, issuedAt: issued.now };
  };

  const obtain = async (rejected?: string): Promise<string> => {
    if (store) {
      const startedAt = performance.now();
      const shared = await store.get(storeKey).catch(() => undefined);
      // No getToken of our own yet: the store's reading time is PortOne's clock, measured as getToken's `now` is.
      if (offsetMs === undefined && shared?.readAt) offsetMs = (shared.readAt + 1) * 1000 - startedAt;
      if (usable(shared, rejected)) {
        cached = shared;
        return shared.accessToken;
      }
    }
    const token = await fetchToken();
    cached = token;
    await store?.set(storeKey, token, Math.max(1, token.expiredAt - token.issuedAt)).catch(() => undefined);
    return token.accessToken;
  };

  return {
    async getAccessToken(signal, rejected) {
      if (usable(cached, rejected)) return cached.accessToken;
      inFlight ??= obtain(rejected).finally(() => {
        inFlight = undefined;
      });
      return abortable(inFlight, signal);
    },
    secrets: () => [options.apiSecret, cached?.accessToken ?? ""],
  };
}
