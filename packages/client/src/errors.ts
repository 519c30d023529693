/** Which API call failed: the HTTP method and the spec's path template (never the filled-in URL). */
export interface OperationRef {
  method: string;
  path: string;
}

/**
 * PortOne refused a call: an HTTP status ≥ 400, or an envelope whose `code`
 * is not 0. It carries no request data, so it is safe to log.
 */
export class IamportApiError extends Error {
  override readonly name: string = "IamportApiError";
  readonly status: number;
  readonly code: number | undefined;
  readonly operation: OperationRef;

  constructor(operation: OperationRef, status: number, code: number | undefined, message: string) {
    super(`${operation.method} ${operation.path} failed (HTTP ${status}${code === undefined ? "" : `, code ${code}`}): ${message}`);
    this.status = status;
    this.code = code;
    this.operation = operation;
  }

  toJSON() {
    return { name: this.name, message: this.message, status: this.status, code: this.code, operation: this.operation };
  }
}

/** getToken itself was refused: wrong key or secret. Retrying will not help. */
export class IamportAuthError extends IamportApiError {
  override readonly name = "IamportAuthError";
}
