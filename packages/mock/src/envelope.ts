/**
 * Error bodies in PortOne's V1 envelope, so that clients under test parse the
 * mock's errors exactly as they parse the real API's.
 */
export interface Violation {
  /** Where the problem is, e.g. `body.amount` or `query.include_sandbox`. */
  location: string;
  message: string;
}

export interface ErrorBody {
  code: number;
  message: string;
  response: null;
  /** Mock-only extension: every spec violation found in the request. */
  violations?: Violation[];
}

export function errorBody(code: number, message: string, violations?: Violation[]): ErrorBody {
  return violations ? { code, message, response: null, violations } : { code, message, response: null };
}
