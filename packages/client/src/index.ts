export {
  createIamportClient,
  DEFAULT_BASE_URL,
  DEFAULT_SUPPLEMENTS_BASE_URL,
  type IamportClient,
} from "./client.js";
export {
  IamportApiError,
  IamportAuthError,
  IamportError,
  IamportNetworkError,
  IamportTimeoutError,
  type OperationRef,
} from "./errors.js";
export type { IamportFetchClient, IamportMethod, IamportResult, SuccessPaths } from "./fetch-client.js";
export { SPEC_VERSION } from "./generated/contract.js";
export type { FetchLike, IamportClientOptions, RetryOptions, StoredToken, TokenStore } from "./options.js";
export { isRefusal, type KnownRefusal } from "./refusal.js";
export { memoryTokenStore } from "./token.js";
export type * from "./types.js";
export { type FetchResult, type Unwrapped, unwrap } from "./unwrap.js";
