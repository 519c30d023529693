import createClient from "openapi-fetch";
import type { IamportFetchClient } from "./fetch-client.js";
import type { IamportClientOptions } from "./options.js";
import { createTokenManager } from "./token.js";
import { type TransportOptions, wrapClient } from "./transport.js";
import type { SupplementsPaths, V1Paths } from "./types.js";

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
  const transport = { ...options, fetch: options.fetch ?? ((request, init) => fetch(request, init)) } satisfies TransportOptions;
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  // Every attempt hands openapi-fetch its own `fetch` (see wrapClient), so the clients below need none.
  // getToken goes through a client of its own, which never has user middleware.
  const tokenClient = wrapClient(createClient<V1Paths>({ baseUrl }), transport, undefined, () => false);
  const body = { imp_key: apiKey, imp_secret: apiSecret };
  const tokens = createTokenManager(options, () => tokenClient.POST("/users/getToken", { body }));
  const v1 = wrapClient(createClient<V1Paths>({ baseUrl }), transport, tokens, (path) => path !== "/users/getToken", options.tierCode);
  // No Tier to the supplements API: it names the merchant by `user_code` in the body and documents no Tier header.
  const supplements = wrapClient(
    createClient<SupplementsPaths>({ baseUrl: options.supplementsBaseUrl ?? DEFAULT_SUPPLEMENTS_BASE_URL }),
    transport,
    tokens,
    () => true,
  );
  return { v1, supplements, auth: { getAccessToken: () => tokens.getAccessToken() } };
}
