import type { EmptyQueryValues } from "../empty-values.js";
import { failure, invalidRequest, missingToken, unknownToken } from "../envelope.js";
import { readPreferences } from "../prefer.js";
import type { PrismEngine } from "../prism.js";
import type { RouteMatch, Router } from "../router.js";
import type { Merchants } from "../stateful/merchants.js";
import type { PreferenceCheck } from "../steering.js";
import type { SpecValidator } from "../validation.js";
import { fromExample } from "./dispatch.js";
import type { ParsedRequest } from "./parse.js";
import { type ReceivedRequest, tokenOf } from "./read.js";
import { toViolations } from "./validate.js";
import type { WireReply } from "./write.js";

export interface ReferenceOptions {
  engine: PrismEngine;
  routes: Router;
  merchants: Merchants | undefined;
  emptyQueryValues: EmptyQueryValues;
  echoValidator: SpecValidator | undefined;
  preferenceCheck: PreferenceCheck | undefined;
}

/**
 * Steps 2 and 4 to 6 in one, by Prism's full engine (its router, security
 * check, validator and mocker over every operation) for operations without
 * state. It is the reference the pipeline is tested against byte for byte
 * (`fastPath: false`), and it answers when Prism logs every request.
 */
export async function referenceAnswer(
  options: ReferenceOptions,
  received: ReceivedRequest,
  parsed: ParsedRequest,
  route: RouteMatch | undefined,
): Promise<WireReply> {
  const { engine, routes, merchants, emptyQueryValues } = options;
  const preferences = merchants ? undefined : readPreferences(received.headers.prefer);
  const result = await engine.handle(parsed.prism, preferences);
  const preferenceProblem = route && preferences && options.preferenceCheck?.problem(route.method, route.template, preferences);
  if (result.kind === "error") {
    if (result.status === 405) {
      const allow = routes.allowedMethods(received.pathname).join(", ");
      return failure(405, result.detail, allow ? { allow } : undefined);
    }
    if (result.status === 401) return missingToken();
    if (result.violations.length > 0) {
      return invalidRequest(toViolations(result.violations));
    }
    if (preferenceProblem) return failure(400, preferenceProblem);
    return failure(result.status, result.detail);
  }
  if (result.inputViolations.some((v) => v.code === 401)) return missingToken();
  if (merchants && route?.secured && !merchants.byAuthorization(tokenOf(received))) return unknownToken();
  const violations = [...toViolations(result.inputViolations), ...(route ? emptyQueryValues.violations(route.key, received.query) : [])];
  if (violations.length > 0) return invalidRequest(violations);
  if (preferenceProblem) return failure(400, preferenceProblem);
  if (!route) return { status: result.response.statusCode, body: result.response.body, headers: result.response.headers ?? {} };
  return fromExample(result.response, route, received, parsed, merchants ? { validator: options.echoValidator } : undefined);
}
