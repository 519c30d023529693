import { fileURLToPath } from "node:url";
import { type Fields, num, str } from "./body.js";
import { failure, type Reply, unknownToken } from "./envelope.js";
import { FaultTable } from "./faults.js";
import type { RequestLog } from "./request-log.js";
import { StatefulApi } from "./stateful/api.js";
import type { Merchants } from "./stateful/merchants.js";

/** The control API's own OpenAPI document, shipped in the package beside dist/. */
export function controlSpecPath(): string {
  return fileURLToPath(new URL("../control-openapi.yaml", import.meta.url));
}

export interface ControlRequest {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: Fields;
  /** The `Authorization` header: its token names the merchant a call is about. */
  authorization: string | undefined;
}

export interface ControlContext {
  /** `undefined` in the stateless mode. */
  merchants: Merchants | undefined;
  /** The stateless mode's faults (it has no merchants). */
  statelessFaults: FaultTable;
  /** The stateless mode's request log (it has no merchants). */
  statelessRequests: RequestLog;
  /** Whether the API has this operation: an operationId or `METHOD /template`. */
  knowsOperation(operation: string): boolean;
}

const STATEFUL_ONLY: Reply = failure(404, "This control endpoint needs the stateful mode (iamport-mock --stateful)");

/** Handlers of `/__mock/…`, keyed like the API's. */
export function controlHandlers({
  merchants,
  statelessFaults,
  statelessRequests,
  knowsOperation,
}: ControlContext): Record<string, (request: ControlRequest) => Reply> {
  const stateful = merchants !== undefined;
  const clock = (api: StatefulApi | undefined, executed: string[] = []) => ({
    now: api?.state.now() ?? Math.floor(Date.now() / 1000),
    offset_seconds: api?.state.clock.offsetSeconds ?? 0,
    executed_schedules: executed,
  });
  /** The merchant a control call is about: its bearer token's, or the configured key's without one. */
  const merchantOf = (request: ControlRequest): StatefulApi | Reply => {
    if (!merchants) return STATEFUL_ONLY;
    if (!request.authorization) return merchants.primary;
    return merchants.byAuthorization(request.authorization) ?? unknownToken();
  };
  const forMerchant =
    (handler: (api: StatefulApi, request: ControlRequest) => Reply) =>
    (request: ControlRequest): Reply => {
      const api = merchantOf(request);
      return api instanceof StatefulApi ? handler(api, request) : api;
    };
  const faultsOf = (request: ControlRequest): FaultTable | Reply => {
    if (!merchants) return statelessFaults;
    const api = merchantOf(request);
    return api instanceof StatefulApi ? api.faults : api;
  };
  /** A link is found by its id whichever merchant made it: the buyer has no token. */
  const findLink = (id: string) => {
    for (const api of merchants?.all() ?? []) {
      const link = api.state.links.get(id);
      if (link) return { api, link };
    }
    return undefined;
  };

  return {
    "GET /__mock/health": () => ({
      status: 200,
      body: {
        status: "ok",
        stateful,
        now: clock(merchants?.primary).now,
        ...(merchants ? { state: merchants.primary.state.stats() } : {}),
      },
    }),
    "POST /__mock/reset": (request) => {
      if (!merchants) return STATEFUL_ONLY;
      if (request.query.all === "true") {
        merchants.resetAll();
        return { status: 200, body: clock(merchants.primary) };
      }
      const merchant = merchantOf(request);
      if (!(merchant instanceof StatefulApi)) return merchant;
      merchant.webhooks.abortAll();
      merchant.state.reset();
      merchant.faults.clear();
      merchant.requests.clear();
      merchant.runDue();
      return { status: 200, body: clock(merchant) };
    },
    "GET /__mock/clock": forMerchant((a) => ({ status: 200, body: clock(a) })),
    "POST /__mock/clock": forMerchant((a, { body }) => {
      const advance = num(body.advance_seconds);
      const now = num(body.now);
      if (advance !== undefined) a.state.clock.advance(advance);
      else if (now !== undefined) a.state.clock.set(now);
      return { status: 200, body: clock(a, a.runDue()) };
    }),
    "POST /__mock/vbanks/{imp_uid}/deposit": forMerchant((a, { params, body }) => a.deposit(params.imp_uid as string, num(body.amount))),
    "GET /__mock/links/{id}": (request) => {
      if (!merchants) return STATEFUL_ONLY;
      const found = findLink(request.params.id as string);
      if (!found) return failure(404, `no payment URL ${request.params.id}`);
      const { api, link } = found;
      return { status: 200, body: { id: link.id, status: api.linkStatus(link), expired_at: link.expired_at, payment_info: link.info } };
    },
    "POST /__mock/links/{id}/pay": (request) => {
      if (!merchants) return STATEFUL_ONLY;
      const found = findLink(request.params.id as string);
      if (!found) return failure(404, `no payment URL ${request.params.id}`);
      found.api.runDue();
      return found.api.payLink(request.params.id as string, str(request.body.card_number));
    },
    // Answered by the proxy mode itself (server.ts); reaching here means the mock is not proxying.
    "GET /__mock/drift": () => failure(404, "The drift report needs the proxy mode (iamport-mock --proxy <upstream-url>)"),
    "GET /__mock/requests": (request) => {
      if (!merchants) return { status: 200, body: { requests: statelessRequests.list() } };
      const api = merchantOf(request);
      return api instanceof StatefulApi ? { status: 200, body: { requests: api.requests.list() } } : api;
    },
    "GET /__mock/webhooks": forMerchant((a) => ({ status: 200, body: { webhooks: [...a.state.webhooks.values()] } })),
    "POST /__mock/payments/{imp_uid}/webhook": forMerchant((a, { params, body }) =>
      a.redeliver(params.imp_uid as string, { copies: num(body.copies) ?? 1, status: str(body.status), url: str(body.url) }),
    ),
    "POST /__mock/payments/{imp_uid}/console-cancel": forMerchant((a, { params, body }) =>
      a.consoleCancel(params.imp_uid as string, num(body.amount), str(body.reason)),
    ),
    "POST /__mock/faults": (request) => {
      const table = faultsOf(request);
      if (!(table instanceof FaultTable)) return table;
      const { body } = request;
      const operation = str(body.operation) as string;
      if (!knowsOperation(operation)) {
        return failure(400, `No operation ${operation} in the spec: use an operationId or "METHOD /path/template"`);
      }
      const refusal = body.refusal as { code?: unknown; message?: unknown } | undefined;
      table.add({
        operation,
        status: num(body.status),
        delayMs: num(body.delayMs),
        refusal: refusal ? { code: num(refusal.code) ?? -1, message: str(refusal.message) ?? "" } : undefined,
        times: num(body.times) ?? 1,
      });
      return { status: 200, body: { faults: table.list() } };
    },
    "DELETE /__mock/faults": (request) => {
      const table = faultsOf(request);
      if (!(table instanceof FaultTable)) return table;
      table.clear();
      return { status: 200, body: { faults: [] } };
    },
  };
}
