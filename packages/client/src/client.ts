import createClient, { type Client, type Middleware } from "openapi-fetch";
import { TokenManager } from "./token.js";
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
  /** `fetch` to use; inject one in tests. Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Refresh the token this many seconds before PortOne's expiry. Default 60. */
  refreshMarginSeconds?: number;
}

export interface IamportClient {
  /** Typed openapi-fetch client for `api.iamport.kr`, authenticated. */
  v1: Client<V1Paths>;
  /** Typed openapi-fetch client for `api.iamport.co`, authenticated with the same token. */
  supplements: Client<SupplementsPaths>;
  auth: {
    getAccessToken(): Promise<string>;
  };
}

export const DEFAULT_BASE_URL = "https://api.iamport.kr";
export const DEFAULT_SUPPLEMENTS_BASE_URL = "https://api.iamport.co";

/** Creates the company's PortOne client: typed calls, with the access token handled for you. */
export function createIamportClient(options: IamportClientOptions): IamportClient {
  if (!options.apiKey || !options.apiSecret) {
    throw new TypeError("createIamportClient: apiKey and apiSecret are required");
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;

  const tokenClient = createClient<V1Paths>({ baseUrl, fetch: fetchImpl });
  const tokens = new TokenManager(tokenClient, {
    apiKey: options.apiKey,
    apiSecret: options.apiSecret,
    ...(options.refreshMarginSeconds === undefined ? {} : { refreshMarginSeconds: options.refreshMarginSeconds }),
  });

  const authenticate: Middleware = {
    async onRequest({ request, schemaPath }) {
      if (schemaPath === "/users/getToken") return undefined;
      request.headers.set("Authorization", `Bearer ${await tokens.getAccessToken()}`);
      return request;
    },
  };

  const v1 = createClient<V1Paths>({ baseUrl, fetch: fetchImpl });
  v1.use(authenticate);
  const supplements = createClient<SupplementsPaths>({
    baseUrl: options.supplementsBaseUrl ?? DEFAULT_SUPPLEMENTS_BASE_URL,
    fetch: fetchImpl,
  });
  supplements.use(authenticate);

  return { v1, supplements, auth: { getAccessToken: () => tokens.getAccessToken() } };
}
