/**
 * PortOne's V1 envelope, `{code, message, response}`, built here and nowhere
 * else: every answer the mock makes itself (stateful handlers, errors,
 * faults, control calls) comes from these builders, so clients under test
 * parse the mock's answers exactly as they parse the real API's.
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

export interface SuccessBody<T> {
  code: 0;
  message: null;
  response: T;
}

/** An answer before it is written: a status, a JSON body (`undefined` sends none), extra headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function errorBody(code: number, message: string, violations?: Violation[]): ErrorBody {
  return violations ? { code, message, response: null, violations } : { code, message, response: null };
}

export function successBody<T>(response: T): SuccessBody<T> {
  return { code: 0, message: null, response };
}

/** HTTP 200 with `code: 0`. */
export const ok = (response: unknown): Reply => ({ status: 200, body: successBody(response) });

/** A refusal PortOne sends with HTTP 200 and a non-zero `code`. */
export const refuse = (message: string, code = -1): Reply => ({ status: 200, body: errorBody(code, message) });

/** PortOne's 404 for a record it does not hold: `code: 1`. */
export const notFound = (message: string): Reply => ({ status: 404, body: errorBody(1, message) });

/** An error status with `code: -1`, as PortOne answers 400, 401, 403, 405, 413 and its 5xx. */
export const failure = (status: number, message: string, headers?: Record<string, string>): Reply =>
  headers ? { status, body: errorBody(-1, message), headers } : { status, body: errorBody(-1, message) };

export const badRequest = (message: string): Reply => failure(400, message);

/** HTTP 400 for a request that breaks the spec, with every violation listed (a mock-only extension). */
export const invalidRequest = (violations: Violation[]): Reply => ({
  status: 400,
  body: errorBody(-1, `Invalid request: ${violations.map((v) => v.message).join("; ")}`, violations),
});

export const MISSING_TOKEN_MESSAGE = "Unauthorized: send the access token from POST /users/getToken in the Authorization header";
export const UNKNOWN_TOKEN_MESSAGE = "Unauthorized: the access token is unknown or expired; get a new one from POST /users/getToken";

/** HTTP 401: no access token sent. */
export const missingToken = (): Reply => failure(401, MISSING_TOKEN_MESSAGE);

/** HTTP 401: a token this mock did not issue, or one that has expired. */
export const unknownToken = (): Reply => failure(401, UNKNOWN_TOKEN_MESSAGE);
