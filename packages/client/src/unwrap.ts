import { type IamportApiError, refusal } from "./errors.js";
import { infoOf } from "./transport.js";

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

function isEnvelope(value: unknown): value is { code: number; message?: unknown; response: unknown } {
  return typeof (value as { code?: unknown } | null)?.code === "number" && "response" in (value as object);
}

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
  const envelope = isEnvelope(data) ? data : isEnvelope(error) ? error : undefined;
  if (!response.ok || error !== undefined || (envelope && envelope.code !== 0)) {
    const { operation, secrets } = infoOf(response) ?? { operation: { method: "?", path: "?" }, secrets: [] };
    throw refusal(operation, response, envelope, secrets);
  }
  return (envelope ? envelope.response : data) as Unwrapped<T>;
}
