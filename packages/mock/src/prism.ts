import { statSync } from "node:fs";
import prismCore from "@stoplight/prism-core";
import type { IHttpConfig, IHttpRequest, IHttpResponse, PrismHttpComponents } from "@stoplight/prism-http";
import prismHttp from "@stoplight/prism-http";
import type { PrismLogLevel } from "./log-level.js";
import type { Preferences } from "./prefer.js";

export interface PrismDiagnostic {
  path?: Array<string | number>;
  message: string;
  severity: number;
  /** Prism marks security failures with code 401. */
  code?: string | number;
}

/** An error Prism's router or mocker answers with (404, 405, 406, …), before it becomes PortOne's envelope. */
export interface PrismError {
  status: number;
  detail: string;
  /** The request's violations, when the error is about them. */
  violations: PrismDiagnostic[];
}

export type PrismResult =
  | { kind: "output"; response: IHttpResponse; inputViolations: PrismDiagnostic[] }
  | ({ kind: "error" } & PrismError);

type HttpOperations = Awaited<ReturnType<typeof prismHttp.getHttpOperationsFromSpec>>;
export type HttpOperation = HttpOperations[number];

export interface PrismEngine {
  operations: HttpOperations;
  /** The operation `METHOD /template`, as Prism read it from the spec. */
  operation(key: string): HttpOperation | undefined;
  /** Prism's security check of a request for one operation: its violations (code 401), or none. */
  checkSecurity(operation: HttpOperation, request: IHttpRequest): Promise<PrismDiagnostic[]>;
  /** Prism's request validator for one operation: the errors (severity 0) it finds, or none. */
  validate(operation: HttpOperation, request: IHttpRequest): Promise<PrismDiagnostic[]>;
  /** Prism's mocker: the answer it makes from the spec's examples for a valid request, honouring `Prefer`. */
  answer(operation: HttpOperation, request: IHttpRequest, preferences?: Preferences): Promise<IHttpResponse | PrismError>;
  /**
   * Prism's full engine (its router, security check, validator and mocker)
   * over every operation: the reference the mock's own pipeline is tested
   * against, and what answers when Prism is asked to log every request.
   */
  handle(request: IHttpRequest, preferences?: Preferences): Promise<PrismResult>;
}

/**
 * Prism's reading of each spec file, shared by every mock this process
 * starts (test suites start many): parsing and dereferencing the bundle costs
 * a few hundred milliseconds of CPU, and Prism caches its compiled request
 * validators per schema object, so mocks that share the operations also
 * share the validators. Keyed by path, size and modification time: an edited
 * file is read again.
 */
const operationsByFile = new Map<string, Promise<HttpOperations>>();

function readOperations(specPath: string): Promise<HttpOperations> {
  const { size, mtimeMs } = statSync(specPath);
  const key = `${specPath}\n${size}\n${mtimeMs}`;
  let operations = operationsByFile.get(key);
  if (!operations) {
    operations = prismHttp.getHttpOperationsFromSpec(specPath);
    // A file that failed to read is read again next time.
    operations.catch(() => operationsByFile.delete(key));
    operationsByFile.set(key, operations);
  }
  return operations;
}

const BASE_CONFIG: IHttpConfig = {
  checkSecurity: true,
  validateRequest: true,
  // Examples are validated by `redocly lint` at build time; re-validating
  // every response here would only cost throughput.
  validateResponse: false,
  errors: false,
  upstreamProxy: undefined,
  isProxy: false,
  mock: { dynamic: false },
};

/** Prism's security check alone, its request validator alone, its mocker alone. */
const SECURITY_CONFIG: IHttpConfig = { ...BASE_CONFIG, validateRequest: false };
const VALIDATION_CONFIG: IHttpConfig = { ...BASE_CONFIG, checkSecurity: false };
const MOCKER_CONFIG: IHttpConfig = { ...BASE_CONFIG, checkSecurity: false, validateRequest: false };

// fp-ts's Either, the shape Prism's components exchange (the mock does not depend on fp-ts itself).
const right = <T>(value: T) => ({ _tag: "Right" as const, right: value });

/**
 * Prism's router, given the one operation the mock's router chose, has only
 * that one to pick: the mock routes each request once (see `router.ts`).
 */
const pinnedRoute = (({ resources }: { resources: unknown[] }) => right(resources[0])) as unknown as PrismHttpComponents["route"];

/** What the validating instances answer instead of mocking: their result is the validations, not an answer. */
const NO_ANSWER: IHttpResponse = { statusCode: 204 };
const noAnswer = (() => () => right(NO_ANSWER)) as unknown as PrismHttpComponents["mock"];

function toPrismError(error: unknown): PrismError {
  const problem = error as Error & { status?: number; detail?: string; additional?: { validation?: unknown } };
  return {
    status: problem.status ?? 500,
    detail: problem.detail ?? problem.message,
    violations: Array.isArray(problem.additional?.validation) ? (problem.additional.validation as PrismDiagnostic[]) : [],
  };
}

/**
 * Prism's HTTP engine, used as a library through `createInstance`, its public
 * interface, so that this process owns the port (no orphaned child process)
 * and errors are answered in PortOne's envelope instead of Prism's
 * problem+json. Prism's factory lets a caller replace any of its components;
 * the mock replaces the router (its own routed already) and, to use Prism's
 * security check or validator alone, the mocker. Prism's own validators and
 * mocker do every judging and every answer.
 */
export async function createPrismEngine(specPath: string, logLevel: PrismLogLevel): Promise<PrismEngine> {
  const operations = await readOperations(specPath);
  if (operations.length === 0) throw new Error(`No operations found in ${specPath}`);
  const logger = prismCore.createLogger("iamport-mock", { level: logLevel });
  const full = prismHttp.createInstance(BASE_CONFIG, { logger });
  const security = prismHttp.createInstance(SECURITY_CONFIG, { logger, route: pinnedRoute, mock: noAnswer });
  const validator = prismHttp.createInstance(VALIDATION_CONFIG, { logger, route: pinnedRoute, mock: noAnswer });
  const mocker = prismHttp.createInstance(MOCKER_CONFIG, { logger, route: pinnedRoute });
  // Prism's mocker writes the first request's Accept header into the mock
  // config it is given (`config.mediaTypes`) and keeps it: with one shared
  // config, one `Accept: text/html` would answer every later request with
  // 406. A fresh mock config per request negotiates each on its own.
  const requestConfig = (base: IHttpConfig, preferences?: Preferences): IHttpConfig => ({
    ...base,
    mock: { ...base.mock, ...preferences },
  });
  const byKey = new Map(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op]));

  /** The diagnostics a validating instance collected (it never fails: its mocker answers nothing). */
  const diagnostics = async (instance: typeof full, operation: HttpOperation, request: IHttpRequest) => {
    const result = await instance.request(request, [operation])();
    if (result._tag === "Left") throw result.left;
    return result.right.validations.input as PrismDiagnostic[];
  };

  return {
    operations,
    operation: (key) => byKey.get(key),
    async checkSecurity(operation, request) {
      const found = await diagnostics(security, operation, request);
      return found.filter((v) => v.code === 401);
    },
    async validate(operation, request) {
      const found = await diagnostics(validator, operation, request);
      return found.filter((v) => v.severity === 0);
    },
    async answer(operation, request, preferences) {
      const result = await mocker.request(request, [operation], requestConfig(MOCKER_CONFIG, preferences))();
      return result._tag === "Right" ? result.right.output : toPrismError(result.left);
    },
    async handle(request, preferences) {
      const result = await full.request(request, operations, requestConfig(BASE_CONFIG, preferences))();
      if (result._tag === "Right") {
        const { output, validations } = result.right;
        return {
          kind: "output",
          response: output,
          inputViolations: (validations.input as PrismDiagnostic[]).filter((v) => v.severity === 0),
        };
      }
      return { kind: "error", ...toPrismError(result.left) };
    },
  };
}
