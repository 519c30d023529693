import { fileURLToPath } from "node:url";
import { type Fields, num, str } from "./body.js";
import type { Reply, StatefulApi } from "./stateful/api.js";

/** The control API's own OpenAPI document, shipped in the package beside dist/. */
export function controlSpecPath(): string {
  return fileURLToPath(new URL("../control-openapi.yaml", import.meta.url));
}

export interface ControlRequest {
  params: Record<string, string>;
  body: Fields;
}

const STATEFUL_ONLY: Reply = {
  status: 404,
  body: { code: -1, message: "This control endpoint needs the stateful mode (iamport-mock --stateful)", response: null },
};

/** Handlers of `/__mock/…`, keyed like the API's. `api` is undefined in the stateless mode. */
export function controlHandlers(api: StatefulApi | undefined, stateful: boolean): Record<string, (request: ControlRequest) => Reply> {
  const clock = (executed: string[] = []) => ({
    now: api?.state.now() ?? Math.floor(Date.now() / 1000),
    offset_seconds: api?.state.clock.offsetSeconds ?? 0,
    executed_schedules: executed,
  });
  const needsState =
    (handler: (api: StatefulApi, request: ControlRequest) => Reply) =>
    (request: ControlRequest): Reply =>
      api ? handler(api, request) : STATEFUL_ONLY;

  return {
    "GET /__mock/health": () => ({
      status: 200,
      body: { status: "ok", stateful, now: clock().now, ...(api ? { state: api.state.stats() } : {}) },
    }),
    "POST /__mock/reset": needsState((a) => {
      a.state.reset();
      a.runDue();
      return { status: 200, body: clock() };
    }),
    "GET /__mock/clock": needsState(() => ({ status: 200, body: clock() })),
    "POST /__mock/clock": needsState((a, { body }) => {
      const advance = num(body.advance_seconds);
      const now = num(body.now);
      if (advance !== undefined) a.state.clock.advance(advance);
      else if (now !== undefined) a.state.clock.set(now);
      return { status: 200, body: clock(a.runDue()) };
    }),
    "POST /__mock/vbanks/{imp_uid}/deposit": needsState((a, { params, body }) => a.deposit(params.imp_uid as string, num(body.amount))),
    "GET /__mock/links/{id}": needsState((a, { params }) => {
      const link = a.state.links.get(params.id as string);
      if (!link) return { status: 404, body: { code: -1, message: `no payment URL ${params.id}`, response: null } };
      return { status: 200, body: { id: link.id, status: a.linkStatus(link), expired_at: link.expired_at, payment_info: link.info } };
    }),
    "POST /__mock/links/{id}/pay": needsState((a, { params, body }) => {
      a.runDue();
      return a.payLink(params.id as string, str(body.card_number));
    }),
    // Answered by the proxy mode itself (server.ts); reaching here means the mock is not proxying.
    "GET /__mock/drift": () => ({
      status: 404,
      body: { code: -1, message: "The drift report needs the proxy mode (iamport-mock --proxy <upstream-url>)", response: null },
    }),
    "GET /__mock/webhooks": needsState((a) => ({ status: 200, body: { webhooks: [...a.state.webhooks.values()] } })),
  };
}
