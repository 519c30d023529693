import { IamportApiError } from "./errors.js";

/** A refusal the spec documents: PortOne answered the operation with this `code` and `message` (and `response: null`). */
export interface KnownRefusal {
  /** HTTP method, upper case. */
  method: string;
  /** The spec's path template. */
  path: string;
  /** HTTP status PortOne sends it with (200 for most refusals). */
  status: number;
  /** The envelope's non-zero `code` (`-1` for most failures, `1` for "not found" or "already done"). */
  code: number;
  /** PortOne's message, in Korean. */
  message: string;
}

/**
 * Whether `error` is PortOne refusing a call in its envelope (`code` ≠ 0),
 * whatever the HTTP status: a declined card, an already cancelled payment,
 * an unknown `imp_uid`. Pass `code` to test for one code.
 */
export function isRefusal(error: unknown, code?: number): error is IamportApiError & { code: number } {
  return error instanceof IamportApiError && !!error.code && (code === undefined || error.code === code);
}
