import { type IamportApiError, IamportError, isEnvelope, refusal } from "./errors.js";

/** What every openapi-fetch call resolves to. */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

type DataOf<T> = T extends { data?: infer D } ? Exclude<D, undefined> : never;
/**
 * The envelope's `response`. Error envelopes drop out: members whose
 * `response` is always `null`, or has no `response` at all (openapi-fetch's
 * `Readable` removes `null`-typed properties).
 */
type EnvelopeContent<D> = D extends { code: number } ? (D extends { response: infer R } ? ([R] extends [null] ? never : R) : never) : D;

/**
 * What {@link unwrap} resolves to for a call: the V1 envelope's `response`
 * (e.g. `Payment` for `GET /payments/{imp_uid}`), the body itself for the
 * supplements API, `undefined` for an operation without a response body.
 */
export type Unwrapped<T> = [DataOf<T>] extends [never]
  ? undefined
  : [EnvelopeContent<DataOf<T>>] extends [never]
    ? null
    : EnvelopeContent<DataOf<T>>;

/**
 * Turns an openapi-fetch call into its content or a thrown error:
 *
 * ```ts
 * const payment = await unwrap(portone.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid } } }));
 * ```
 *
 * Throws {@link IamportApiError} for an HTTP status ≥ 400 and for an
 * envelope whose `code` is not 0 (PortOne sends some refusals with HTTP
 * 200), naming the operation by method and path template. Network errors
 * and timeouts are already thrown by the call itself.
 */
export async function unwrap<T extends FetchResult>(call: T | Promise<T>): Promise<Unwrapped<T>> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok || (isEnvelope(data) && data.code !== 0)) {
    // The client's own calls carry their error, built and redacted with the call's context. A result from
    // elsewhere (bare openapi-fetch) has none: only the patterns masked everywhere (card numbers, tokens) apply.
    throw error instanceof IamportError ? error : refusal({ method: "?", path: "?" }, response, error ?? data, []);
  }
  return (isEnvelope(data) ? data.response : data) as Unwrapped<T>;
}
