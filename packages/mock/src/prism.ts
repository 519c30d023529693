import { statSync } from "node:fs";
import prismCore from "@stoplight/prism-core";
import type { IHttpConfig, IHttpRequest, IHttpResponse } from "@stoplight/prism-http";
import prismHttp from "@stoplight/prism-http";
import { validateInput, validateSecurity } from "@stoplight/prism-http/dist/validator/index.js";
import type { PrismLogLevel } from "./log-level.js";
import type { Preferences } from "./prefer.js";

export interface PrismDiagnostic {
  path?: Array<string | number>;
  message: string;
  severity: number;
  /** Prism marks security failures with code 401. */
  code?: string | number;
}

export type PrismResult =
  | { kind: "output"; response: IHttpResponse; inputViolations: PrismDiagnostic[] }
  | { kind: "error"; status: number; title: string; detail: string; violations: PrismDiagnostic[] };

type HttpOperations = Awaited<ReturnType<typeof prismHttp.getHttpOperationsFromSpec>>;

export interface PrismEngine {
  operations: HttpOperations;
  /** Prism's full engine; `preferences` are a `Prefer` header's, as Prism's own server applies them. */
  handle(request: IHttpRequest, preferences?: Preferences): Promise<PrismResult>;
  /**
   * Validates a request against one operation (`METHOD /template`) with
   * Prism's own validator, without Prism's router and mocker: the same
   * violations as `handle`, at a fraction of the cost. Security is not
   * checked here. Returns the errors (severity 0) only.
   */
  validate(key: string, request: IHttpRequest): PrismDiagnostic[];
  /**
   * Whether Prism's own security check and request validator find nothing
   * wrong (no error; warnings do not count, as in `handle`) with a request
   * for one operation. The server's fast path answers such a request from
   * its cache of Prism's answers; anything else goes through `handle`.
   */
  passes(key: string, request: IHttpRequest): boolean;
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

/**
 * Prism's HTTP engine, used as a library so that this process owns the port
 * (no orphaned child process) and so that errors can be answered in PortOne's
 * envelope instead of Prism's problem+json.
 */
export async function createPrismEngine(specPath: string, logLevel: PrismLogLevel): Promise<PrismEngine> {
  const operations = await readOperations(specPath);
  if (operations.length === 0) throw new Error(`No operations found in ${specPath}`);
  const logger = prismCore.createLogger("iamport-mock", { level: logLevel });
  const config: IHttpConfig = {
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
  const prism = prismHttp.createInstance(config, { logger });
  // Prism's mocker writes the first request's Accept header into the mock
  // config it is given (`config.mediaTypes`) and keeps it: with one shared
  // config, one `Accept: text/html` would answer every later request with
  // 406. A fresh mock config per request negotiates each on its own.
  const requestConfig = (preferences?: Preferences): IHttpConfig => ({ ...config, mock: { ...config.mock, ...preferences } });
  const byKey = new Map(operations.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op]));

  return {
    operations,
    validate(key, request) {
      const operation = byKey.get(key);
      if (!operation) return [{ message: `No operation ${key}`, severity: 0 }];
      const result = validateInput({ resource: operation, element: request });
      if (result._tag === "Right") return [];
      return (result.left as PrismDiagnostic[]).filter((v) => v.severity === 0);
    },
    passes(key, request) {
      const operation = byKey.get(key);
      if (!operation) return false;
      const security = validateSecurity({ resource: operation, element: request });
      if (security._tag === "Left") return false;
      const input = validateInput({ resource: operation, element: request });
      return input._tag === "Right" || !(input.left as PrismDiagnostic[]).some((v) => v.severity === 0 || v.code === 401);
    },
    async handle(request, preferences) {
      const result = await prism.request(request, operations, requestConfig(preferences))();
      if (result._tag === "Right") {
        const { output, validations } = result.right;
        return {
          kind: "output",
          response: output,
          inputViolations: (validations.input as PrismDiagnostic[]).filter((v) => v.severity === 0),
        };
      }
      const error = result.left as Error & { status?: number; detail?: string; additional?: { validation?: unknown } };
      const validation = Array.isArray(error.additional?.validation) ? (error.additional.validation as PrismDiagnostic[]) : [];
      return {
        kind: "error",
        status: error.status ?? 500,
        title: error.message,
        detail: error.detail ?? error.message,
        violations: validation,
      };
    },
  };
}
