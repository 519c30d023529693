import type { Fields } from "../body.js";
import type { Reply } from "../envelope.js";
import type { DueSchedules } from "./due-schedules.js";
import type { PaymentLedger } from "./payment-ledger.js";
import type { MockState } from "./state.js";
import type { WebhookSender } from "./webhooks.js";

export interface StatefulRequest {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: Fields;
  /** Base URL of this mock as the client reached it, e.g. `http://127.0.0.1:4010`. */
  baseUrl: string;
}

/**
 * One operation's behaviour. Synchronous on purpose: Node runs each handler
 * to completion, so concurrent requests cannot interleave inside one (no
 * lost updates, no double refunds).
 */
export type Handler = (request: StatefulRequest) => Reply;

/** Handlers keyed by `METHOD /path/template`, as PortOne names its operations. */
export type Handlers = Record<string, Handler>;

export interface Credentials {
  apiKey: string;
  apiSecret: string;
}

/** What one merchant's handlers share, whatever their domain. */
export interface StatefulContext {
  readonly state: MockState;
  readonly webhooks: WebhookSender;
  readonly credentials: Credentials;
  readonly payments: PaymentLedger;
  /** Told whenever a schedule is added, moved or revoked. */
  readonly due: DueSchedules;
}
