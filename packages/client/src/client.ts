import createClient, { type Client } from "openapi-fetch";
import { createTokenManager, type TokenStore } from "./token.js";
import { createTransport, type FetchLike, type RetryOptions } from "./transport.js";
import type { SupplementsPaths, V1Paths } from "./types.js";

export interface IamportClientOptions {
  /** REST API key (imp_key). */
  apiKey: string;
  /** REST API secret (imp_secret). Never logged or put into errors. */
  apiSecret: string;
  /** V1 API base URL. Default `https://api.iamport.kr`. */
  baseUrl?: string;
  /** Supplements API base URL. Default `https://api.iamport.co`. */
  supplementsBaseUrl?: string;
  /** Sub-merchant tier code (하위 상점), sent as the `Tier` header on every call but getToken. A call's own `Tier` header wins. */
  tierCode?: string;
  /** `fetch` to use, e.g. an instrumented one or one injected in tests. Default `globalThis.fetch`. */
  fetch?: FetchLike;
  /** Time limit of each HTTP attempt, response body included. Default 30 000 ms; `0` disables it. */
  timeoutMs?: number;
  /** Automatic retries of GET calls, or `false` for none. Default 2 retries. */
  retry?: RetryOptions | false;
  /** Where to share the access token with other clients or hosts. Default: this client's memory only. */
  tokenStore?: TokenStore;
  /**
   * Refresh the token this many seconds before PortOne's expiry (judged on PortOne's clock). Default 45: inside
   * PortOne's last minute, where getToken extends the same token by 5 minutes instead of returning it unchanged.
   */
  refreshMarginSeconds?: number;
}

export interface IamportClient {
  /** Typed openapi-fetch client for `api.iamport.kr`, authenticated. */
  v1: Client<V1Paths>;
  /** Typed openapi-fetch client for `api.iamport.co`, authenticated with the same token. */
  supplements: Client<SupplementsPaths>;
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
  const tokens = createTokenManager(options, () => v1.POST("/users/getToken", { body: { imp_key: apiKey, imp_secret: apiSecret } }));
  const transport = createTransport(options, tokens);
  const connect = (baseUrl: string) => {
    const client = createClient({ baseUrl, fetch: transport.fetch });
    client.use(transport.middleware);
    return client;
  };
  const v1: Client<V1Paths> = connect(options.baseUrl ?? DEFAULT_BASE_URL);
  return {
    v1,
    supplements: connect(options.supplementsBaseUrl ?? DEFAULT_SUPPLEMENTS_BASE_URL),
    auth: { getAccessToken: () => tokens.getAccessToken() },
  };
}
