import createClient from "openapi-fetch";
import type { paths } from "./generated/control.js";

/** The control API's paths, generated from control-openapi.yaml by openapi-typescript at build time. */
export type ControlPaths = paths;

/** Which merchant a control call is about: its access token (default: the configured key's merchant). */
export interface AsMerchant {
  token?: string;
}

type Body<P extends keyof paths, M extends "post"> = paths[P][M] extends { requestBody?: { content: { "application/json": infer B } } }
  ? B
  : never;

const header = (as: AsMerchant | undefined) => (as?.token ? { Authorization: `Bearer ${as.token}` } : {});

/**
 * A typed client for the mock's `/__mock/…` control API. Every call answers
 * openapi-fetch's `{ data, error, response }`, typed from control-openapi.yaml.
 */
export function createControlClient(baseUrl: string, options: { fetch?: typeof fetch } = {}) {
  const http = createClient<paths>({ baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) });
  return {
    health: () => http.GET("/__mock/health"),
    /** Forgets the merchant's state; `all: true` forgets every merchant. */
    reset: (as: AsMerchant & { all?: boolean } = {}) =>
      http.POST("/__mock/reset", { params: { header: header(as), query: as.all ? { all: "true" } : {} } }),
    clock: (as?: AsMerchant) => http.GET("/__mock/clock", { params: { header: header(as) } }),
    setClock: (body: Body<"/__mock/clock", "post">, as?: AsMerchant) =>
      http.POST("/__mock/clock", { params: { header: header(as) }, body }),
    deposit: (impUid: string, body: Body<"/__mock/vbanks/{imp_uid}/deposit", "post"> = {}, as?: AsMerchant) =>
      http.POST("/__mock/vbanks/{imp_uid}/deposit", { params: { header: header(as), path: { imp_uid: impUid } }, body }),
    link: (id: string) => http.GET("/__mock/links/{id}", { params: { path: { id } } }),
    payLink: (id: string, body: Body<"/__mock/links/{id}/pay", "post"> = {}) =>
      http.POST("/__mock/links/{id}/pay", { params: { path: { id } }, body }),
    webhooks: (as?: AsMerchant) => http.GET("/__mock/webhooks", { params: { header: header(as) } }),
    /** The API requests the merchant sent (the whole mock's when stateless), secrets masked. */
    requests: (as?: AsMerchant) => http.GET("/__mock/requests", { params: { header: header(as) } }),
    sendWebhook: (impUid: string, body: Body<"/__mock/payments/{imp_uid}/webhook", "post"> = {}, as?: AsMerchant) =>
      http.POST("/__mock/payments/{imp_uid}/webhook", { params: { header: header(as), path: { imp_uid: impUid } }, body }),
    consoleCancel: (impUid: string, body: Body<"/__mock/payments/{imp_uid}/console-cancel", "post"> = {}, as?: AsMerchant) =>
      http.POST("/__mock/payments/{imp_uid}/console-cancel", { params: { header: header(as), path: { imp_uid: impUid } }, body }),
    addFault: (body: Body<"/__mock/faults", "post">, as?: AsMerchant) =>
      http.POST("/__mock/faults", { params: { header: header(as) }, body }),
    clearFaults: (as?: AsMerchant) => http.DELETE("/__mock/faults", { params: { header: header(as) } }),
  };
}

export type ControlClient = ReturnType<typeof createControlClient>;
