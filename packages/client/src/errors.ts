import { redact } from "./redact.js";

/** Which API call failed: the HTTP method and the spec's path template (never the filled-in URL). */
export interface OperationRef {
  method: string;
  path: string;
}

/**
 * Base class of every error this client throws. Errors carry no request
 * data (no body, headers or URL), and their messages have the API secret,
 * access tokens and `x-sensitive` request fields masked, so they are safe
 * to log and to serialise.
 */
export class IamportError extends Error {
  override readonly name: string = "IamportError";
  declare readonly operation: OperationRef;

  constructor(operation: OperationRef, message: string) {
    super(`${operation.method} ${operation.path}: ${message}`);
    this.operation = { method: operation.method, path: operation.path };
  }

  /** Every field, plus the message. */
  toJSON(): object {
    return { ...this, message: this.message };
  }
}

/**
 * PortOne refused a call: an HTTP status ≥ 400, or an envelope whose `code`
 * is not 0 (PortOne sends several refusals with HTTP 200).
 */
export class IamportApiError extends IamportError {
  override readonly name: string = "IamportApiError";
  /** HTTP status of the response (200 for a refusal inside a 200 envelope). */
  declare readonly status: number;
  /** The envelope's `code`, when the body had one. */
  declare readonly code: number | undefined;
  /** The envelope's `message` (or the HTTP status text), with secrets masked. */
  declare readonly apiMessage: string;

  constructor(operation: OperationRef, status: number, code: number | undefined, apiMessage: string) {
    super(operation, `HTTP ${status}, code ${code}: ${apiMessage}`);
    this.status = status;
    this.code = code;
    this.apiMessage = apiMessage;
  }
}

/** getToken itself was refused: wrong key or secret. Retrying will not help. */
export class IamportAuthError extends IamportApiError {
  override readonly name: string = "IamportAuthError";
}

/**
 * The call got no HTTP response: the connection failed or `fetch` threw. For
 * a POST the outcome is unknown: read the resource back (e.g. the payment by
 * `merchant_uid`) before trying again.
 */
export class IamportNetworkError extends IamportError {
  override readonly name: string = "IamportNetworkError";
}

/** An attempt took longer than `timeoutMs`. As with any network error, a POST may still have taken effect. */
export class IamportTimeoutError extends IamportNetworkError {
  override readonly name: string = "IamportTimeoutError";
}

/** Whether a body is a V1 envelope (`{ code, message, response }`). */
export function isEnvelope(value: unknown): value is { code: number; message?: unknown; response: unknown } {
  return typeof (value as { code?: unknown } | null)?.code === "number" && "response" in (value as object);
}

/** The error for a refused call, from the response and its parsed body (an envelope, or anything else). */
export function refusal(operation: OperationRef, response: Response, body: unknown, secrets: string[]): IamportApiError {
  const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
  return new IamportApiError(
    operation,
    response.status,
    typeof code === "number" ? code : undefined,
    redact(typeof message === "string" ? message : response.statusText, secrets),
  );
}
