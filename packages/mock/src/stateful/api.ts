import type { Reply } from "../envelope.js";
import { FaultTable } from "../faults.js";
import { RequestLog } from "../request-log.js";
import type { Credentials, Handler, Handlers, StatefulContext } from "./context.js";
import { DueSchedules } from "./due-schedules.js";
import { billingKeyHandlers } from "./handlers/billing-keys.js";
import { certificationHandlers } from "./handlers/certifications.js";
import { chargeHandlers } from "./handlers/charges.js";
import { linkStatus, payLink, paymentLinkHandlers } from "./handlers/payment-links.js";
import { paymentHandlers } from "./handlers/payments.js";
import { prepareHandlers } from "./handlers/prepare.js";
import { receiptHandlers } from "./handlers/receipts.js";
import { scheduleHandlers } from "./handlers/schedules.js";
import { tokenHandlers } from "./handlers/tokens.js";
import { vbankHandlers } from "./handlers/vbanks.js";
import { webhookEvents } from "./handlers/webhook-events.js";
import { PaymentLedger } from "./payment-ledger.js";
import type { MockState, PaymentLinkState } from "./state.js";
import { WebhookSender } from "./webhooks.js";

// Still exported from here, where the server has always found them.
export type { Credentials, Handler, StatefulRequest } from "./context.js";

/**
 * One merchant's stateful mock: the handlers of every domain over one
 * store, plus the control helpers (`/__mock/…`) that act on that store.
 * The server calls `handlers`, keyed `METHOD /path/template`.
 */
export class StatefulApi {
  readonly state: MockState;
  readonly webhooks: WebhookSender;

  /** Faults set for this merchant through `POST /__mock/faults`. */
  readonly faults = new FaultTable();

  /** The API requests this merchant sent (`GET /__mock/requests`), secrets masked. */
  readonly requests = new RequestLog();

  readonly handlers: Handlers;

  readonly #context: StatefulContext;
  readonly #events: ReturnType<typeof webhookEvents>;

  constructor(state: MockState, credentials: Credentials, webhookAllowHosts: readonly string[] = []) {
    this.state = state;
    this.webhooks = new WebhookSender(state, webhookAllowHosts);
    const payments = new PaymentLedger(state);
    const due = new DueSchedules(state, payments, this.webhooks);
    this.#context = { state, webhooks: this.webhooks, credentials, payments, due };
    this.handlers = {
      ...tokenHandlers(this.#context),
      ...prepareHandlers(this.#context),
      ...chargeHandlers(this.#context),
      ...paymentHandlers(this.#context),
      ...billingKeyHandlers(this.#context),
      ...scheduleHandlers(this.#context),
      ...vbankHandlers(this.#context),
      ...certificationHandlers(this.#context),
      ...receiptHandlers(this.#context),
      ...paymentLinkHandlers(this.#context),
    };
    this.#events = webhookEvents(this.#context, this.handlers["POST /payments/cancel"] as Handler);
  }

  /** Whether `Authorization` carries a token this mock issued and that has not expired. */
  authorize(header: string | undefined): boolean {
    if (!header) return false;
    const token = header.replace(/^Bearer\s+/i, "").trim();
    const entry = this.state.tokens.get(token);
    return entry !== undefined && this.state.now() < entry.expiredAt;
  }

  /** Executes every scheduled payment whose time has come; returns their merchant_uids. */
  runDue(): string[] {
    return this.#context.due.run();
  }

  redeliver(impUid: string, options: { copies: number; status?: string; url?: string }): Reply {
    return this.#events.redeliver(impUid, options);
  }

  consoleCancel(impUid: string, amount: number | undefined, reason: string | undefined): Reply {
    return this.#events.consoleCancel(impUid, amount, reason);
  }

  deposit(impUid: string, amount: number | undefined): Reply {
    return this.#events.deposit(impUid, amount);
  }

  linkStatus(link: PaymentLinkState): "active" | "expired" | "deactivated" {
    return linkStatus(this.state, link);
  }

  payLink(id: string, cardNumber: string | undefined): Reply {
    return payLink(this.#context, id, cardNumber);
  }
}
