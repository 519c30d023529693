import createClient from "openapi-fetch";
import type { IamportFetchClient } from "./fetch-client.js";
import { createTokenManager, type TokenStore } from "./token.js";
import { type FetchLike, markFailures, type RetryOptions, wrapClient } from "./transport.js";
import type { SupplementsPaths, V1Paths } from "./types.js";

/** Options of {@link createIamportClient}. Every optional one also accepts `undefined` (as under `exactOptionalPropertyTypes`). */
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

export interface IamportClient {
  /** Typed client for `api.iamport.kr`, authenticated; called like openapi-fetch. */
  v1: IamportFetchClient<V1Paths>;
  /** Typed client for `api.iamport.co`, authenticated with the same token. */
  supplements: IamportFetchClient<SupplementsPaths>;
  auth: {
    /** The current access token, fetched or refreshed if needed. */
    getAccessToken(): Promise<string>;
  };
}

export const DEFAULT_BASE_URL = "https://api.iamport.kr";
export const DEFAULT_SUPPLEMENTS_BASE_URL = "https://api.iamport.co";

/** Creates the company's PortOne client: typed calls, with the access token, timeouts and safe retries handled for you. */
export function createIamportClient(options: IamportClientOptions): IamportClient {
  const { apiKey, apiSecret } = options;
  if (!apiKey || !apiSecret) throw new TypeError("apiKey and apiSecret are required");
  const fetchImpl: FetchLike = options.fetch ?? ((request) => fetch(request));
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const fetchMarked = markFailures(fetchImpl);
  // getToken goes through a client of its own, which never has user middleware.
  const tokenClient = wrapClient(createClient<V1Paths>({ baseUrl, fetch: fetchMarked }), options, undefined, () => false);
  const body = { imp_key: apiKey, imp_secret: apiSecret };
  const tokens = createTokenManager(options, () => tokenClient.POST("/users/getToken", { body }));
  const v1 = wrapClient(
    createClient<V1Paths>({ baseUrl, fetch: fetchMarked }),
    options,
    tokens,
    (path) => path !== "/users/getToken",
    options.tierCode,
  );
  // No Tier to the supplements API: it names the merchant by `user_code` in the body and documents no Tier header.
  const supplements = wrapClient(
    createClient<SupplementsPaths>({ baseUrl: options.supplementsBaseUrl ?? DEFAULT_SUPPLEMENTS_BASE_URL, fetch: fetchMarked }),
    options,
    tokens,
    () => true,
  );
  return { v1, supplements, auth: { getAccessToken: () => tokens.getAccessToken() } };
}
