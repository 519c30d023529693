import { missingToken, type Reply, unknownToken } from "../envelope.js";
import type { FaultTable } from "../faults.js";
import type { HttpOperation, PrismEngine } from "../prism.js";
import type { RouteMatch } from "../router.js";
import type { StatefulApi } from "../stateful/api.js";
import type { Merchants } from "../stateful/merchants.js";
import { VerdictMemo } from "./memo.js";
import type { ParsedRequest } from "./parse.js";
import { type ReceivedRequest, tokenOf } from "./read.js";

export const TOKEN_OPERATION = "POST /users/getToken";

/** Who a request acts for: the merchant whose state it reads and writes (none in the stateless mode), and whose faults apply. */
export interface Authorised {
  merchant: StatefulApi | undefined;
  faults: FaultTable | undefined;
}

/** Distinct (operation, token headers) verdicts of Prism's security check kept. */
const MEMO_SIZE = 4_096;

/**
 * Step 4: whether the request may call its operation, and for whom.
 * - An operation that needs the access token is checked by Prism's own
 *   security check (a token in `Authorization` or `X-ImpTokenHeader`); none
 *   is a 401.
 * - In the stateful mode the token must be one this mock issued and still
 *   live, and it names the merchant (each `imp_key` is its own). getToken
 *   acts for the merchant its credentials name; other open operations for
 *   the configured one.
 */
export class Authoriser {
  readonly #engine: PrismEngine;
  readonly #merchants: Merchants | undefined;
  readonly #statelessFaults: FaultTable;
  /** The headers the spec's security schemes read; the memo's key. */
  readonly #tokenHeaders: readonly string[];
  readonly #memo = new VerdictMemo<boolean>(MEMO_SIZE);

  constructor(options: {
    engine: PrismEngine;
    merchants: Merchants | undefined;
    statelessFaults: FaultTable;
    tokenHeaders: readonly string[];
  }) {
    this.#engine = options.engine;
    this.#merchants = options.merchants;
    this.#statelessFaults = options.statelessFaults;
    this.#tokenHeaders = options.tokenHeaders;
  }

  async authorise(
    route: RouteMatch,
    operation: HttpOperation,
    received: ReceivedRequest,
    parsed: ParsedRequest,
  ): Promise<Authorised | Reply> {
    if (route.secured && !(await this.#passesSecurity(route, operation, received, parsed))) return missingToken();
    const merchants = this.#merchants;
    if (!merchants) return { merchant: undefined, faults: this.#statelessFaults };
    const merchant = route.secured
      ? merchants.byAuthorization(tokenOf(received))
      : route.canonical === TOKEN_OPERATION
        ? merchants.forCredentials(parsed.fields.imp_key, parsed.fields.imp_secret)
        : merchants.primary;
    if (!merchant) return unknownToken();
    return { merchant, faults: merchant.faults };
  }

  async #passesSecurity(route: RouteMatch, operation: HttpOperation, received: ReceivedRequest, parsed: ParsedRequest) {
    let key = route.key;
    for (const name of this.#tokenHeaders) key += `\n${received.headers[name] ?? "\u0000"}`;
    const known = this.#memo.get(key);
    if (known !== undefined) return known;
    const passes = (await this.#engine.checkSecurity(operation, parsed.prism)).length === 0;
    this.#memo.set(key, passes);
    return passes;
  }
}
