export {
  createIamportClient,
  DEFAULT_BASE_URL,
  DEFAULT_SUPPLEMENTS_BASE_URL,
  type IamportClient,
  type IamportClientOptions,
} from "./client.js";
export { IamportApiError, IamportAuthError, type OperationRef } from "./errors.js";
export type * from "./types.js";
