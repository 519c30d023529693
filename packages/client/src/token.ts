import type { Client } from "openapi-fetch";
import { IamportApiError, IamportAuthError } from "./errors.js";
import type { V1Paths } from "./types.js";

const GET_TOKEN = { method: "POST", path: "/users/getToken" } as const;

interface CachedToken {
  accessToken: string;
  /** Local monotonic time (ms) after which the token must not be used. */
  usableUntil: number;
}

export interface TokenManagerOptions {
  apiKey: string;
  apiSecret: string;
  /** Refresh this many seconds before PortOne's expiry. Default 60. */
  refreshMarginSeconds?: number;
  /** Monotonic clock in ms; injectable for tests. */
  monotonicNow?: () => number;
}

/**
 * Obtains, caches and refreshes the access token.
 *
 * Expiry is judged by PortOne's own clock: the token's remaining life is
 * `expired_at - now` from the getToken response, counted down on the local
 * monotonic clock. A host whose wall clock is off by minutes therefore never
 * sends an expired token. Concurrent callers share one in-flight request.
 */
export class TokenManager {
  #cached: CachedToken | undefined;
  #inFlight: Promise<string> | undefined;
  readonly #client: Client<V1Paths>;
  readonly #options: TokenManagerOptions;
  readonly #now: () => number;

  constructor(client: Client<V1Paths>, options: TokenManagerOptions) {
    this.#client = client;
    this.#options = options;
    this.#now = options.monotonicNow ?? (() => performance.now());
  }

  /** A valid access token, from cache when possible. */
  getAccessToken(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#now() < cached.usableUntil) return Promise.resolve(cached.accessToken);
    this.#inFlight ??= this.#fetchToken().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  /** Forget the cached token, e.g. after PortOne answered 401 to it. */
  invalidate(token?: string): void {
    if (token === undefined || this.#cached?.accessToken === token) this.#cached = undefined;
  }

  async #fetchToken(): Promise<string> {
    const startedAt = this.#now();
    const { data, error, response } = await this.#client.POST("/users/getToken", {
      body: { imp_key: this.#options.apiKey, imp_secret: this.#options.apiSecret },
    });
    if (response.status === 401) {
      throw new IamportAuthError(GET_TOKEN, 401, error?.code, "the API key or secret was refused");
    }
    if (data?.code !== 0) {
      const code = data?.code ?? (error as { code?: number } | undefined)?.code;
      const message = data?.message ?? (error as { message?: string } | undefined)?.message ?? "no token in the response";
      throw new IamportApiError(GET_TOKEN, response.status, code, message);
    }
    const { access_token, now, expired_at } = data.response;
    const marginMs = (this.#options.refreshMarginSeconds ?? 60) * 1000;
    // Count from when the request started: the server's `now` is at least that late.
    const usableUntil = startedAt + (expired_at - now) * 1000 - marginMs;
    this.#cached = { accessToken: access_token, usableUntil };
    return access_token;
  }
}
