import type { EmptyQueryValues } from "../empty-values.js";
import type { Violation } from "../envelope.js";
import type { HttpOperation, PrismDiagnostic, PrismEngine } from "../prism.js";
import type { RouteMatch } from "../router.js";
import { VerdictMemo } from "./memo.js";
import type { ParsedRequest } from "./parse.js";
import type { ReceivedRequest } from "./read.js";

/** Distinct bodyless requests whose verdict is kept. */
const MEMO_SIZE = 4_096;

export function toViolations(diagnostics: readonly PrismDiagnostic[]): Violation[] {
  return diagnostics.map((d) => ({ location: (d.path ?? []).join("."), message: d.message }));
}

/**
 * Step 5: the request against its operation's schemas, by Prism's own
 * validator, plus empty query values, which Prism reads as absent (see
 * `empty-values.ts`). A request without a body is judged by its path, query
 * and headers alone, so its verdict is remembered: polling the same payment
 * or retrying the same call is not validated again. A request with a body
 * is always validated: bodies differ from call to call (a new merchant_uid
 * each time), so remembering them would only cost memory.
 */
export class RequestValidator {
  readonly #engine: PrismEngine;
  readonly #emptyQueryValues: EmptyQueryValues;
  readonly #memo = new VerdictMemo<Violation[]>(MEMO_SIZE);

  constructor(engine: PrismEngine, emptyQueryValues: EmptyQueryValues) {
    this.#engine = engine;
    this.#emptyQueryValues = emptyQueryValues;
  }

  async violations(route: RouteMatch, operation: HttpOperation, received: ReceivedRequest, parsed: ParsedRequest): Promise<Violation[]> {
    let key: string | undefined;
    if (!parsed.hasBody) {
      key = `${route.key}\n${received.pathname}?${received.search}`;
      for (const name in parsed.prism.headers) key += `\n${name}:${parsed.prism.headers?.[name]}`;
      const known = this.#memo.get(key);
      if (known) return known;
    }
    const found = toViolations(await this.#engine.validate(operation, parsed.prism));
    const empty = this.#emptyQueryValues.violations(route.key, received.query);
    const violations = empty.length > 0 ? [...found, ...empty] : found;
    if (key !== undefined) this.#memo.set(key, violations);
    return violations;
  }
}
