/**
 * The type of the client's `v1` and `supplements`: openapi-fetch's methods,
 * with results where a refusal is an error. `data` is the success body alone
 * (the spec's `ErrorEnvelope` member of each 200 `oneOf` is removed), and
 * `error` is always a redacted {@link IamportApiError}.
 */
// biome-ignore-all lint/suspicious/noExplicitAny: openapi-fetch's own constraints are `Record<string | number, any>`.
import type { FetchResponse, MaybeOptionalInit, Middleware } from "openapi-fetch";
import type { IamportApiError } from "./errors.js";
import type { components } from "./generated/openapi.js";

type ErrorEnvelope = components["schemas"]["ErrorEnvelope"];
type MediaType = `${string}/${string}`;

/** An operation's responses with the error envelope removed from every content type. */
type SuccessResponses<R> = {
  [Status in keyof R]: R[Status] extends { content: infer C }
    ? Omit<R[Status], "content"> & { content: { [Media in keyof C]: Exclude<C[Media], ErrorEnvelope> } }
    : R[Status];
};
/** `paths` where no response body can be an `ErrorEnvelope`: the client turns those into `error`. */
export type SuccessPaths<Paths> = {
  [Path in keyof Paths]: {
    [Method in keyof Paths[Path]]: Paths[Path][Method] extends { responses: infer R }
      ? Omit<Paths[Path][Method], "responses"> & { responses: SuccessResponses<R> }
      : Paths[Path][Method];
  };
};

/** What a call resolves to: the success body, or a typed, redacted error (HTTP ≥ 400, or `code` ≠ 0 with HTTP 200). */
export type IamportResult<Data> =
  | { data: Data; error?: never; response: Response }
  | { data?: never; error: IamportApiError; response: Response };

type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
type PathsWithMethod<Paths, Method extends HttpMethod> = {
  [Path in keyof Paths]: Paths[Path] extends { [M in Method]: unknown } ? Path : never;
}[keyof Paths];
// The next two are openapi-fetch's own, which it does not export.
type RequiredKeysOf<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];
type OperationOf<PathItem, Method extends HttpMethod> = PathItem extends { [M in Method]: infer O }
  ? O extends Record<string | number, any>
    ? O
    : never
  : never;
type DataOf<Operation extends Record<string | number, any>, Init> = Exclude<FetchResponse<Operation, Init, MediaType>["data"], undefined>;
type Data<Operation extends Record<string | number, any>, Init> = [DataOf<Operation, Init>] extends [never]
  ? undefined
  : DataOf<Operation, Init>;

/** One HTTP method of the client, e.g. `portone.v1.GET`. */
export type IamportMethod<Paths, Method extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path] & Record<Method, unknown>, Method>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<IamportResult<Data<OperationOf<Paths[Path], Method>, Init>>>;

/** A typed client for one of PortOne's APIs, called like openapi-fetch. */
export interface IamportFetchClient<RawPaths extends {}, Paths = SuccessPaths<RawPaths>> {
  GET: IamportMethod<Paths, "get">;
  POST: IamportMethod<Paths, "post">;
  PUT: IamportMethod<Paths, "put">;
  DELETE: IamportMethod<Paths, "delete">;
  PATCH: IamportMethod<Paths, "patch">;
  /** Adds openapi-fetch middleware. It may clone or replace requests and responses: the client's auth, retries and redaction do not depend on them. */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}
