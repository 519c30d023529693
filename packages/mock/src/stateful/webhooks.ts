import type { MockState, Payment, WebhookRecord } from "./state.js";

const DELIVERY_TIMEOUT_MS = 5_000;

/**
 * POSTs payment events to the `notice_url` the client gave, never anywhere
 * else, and records each delivery for `GET /__mock/webhooks`. One attempt
 * per event, no retries; delivery runs after the API response is sent.
 */
export class WebhookSender {
  readonly #state: MockState;
  readonly #inFlight = new Set<AbortController>();

  constructor(state: MockState) {
    this.#state = state;
  }

  /** The body PortOne posts for a payment event. */
  static payload(payment: Payment, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const body: Record<string, unknown> = {
      imp_uid: payment.imp_uid,
      merchant_uid: payment.merchant_uid,
      status: payment.status,
    };
    if (payment.customer_uid) body.customer_uid = payment.customer_uid;
    return { ...body, ...extra };
  }

  send(urls: string[], body: Record<string, unknown>): void {
    for (const url of urls) {
      if (!/^https?:\/\//i.test(url)) continue;
      const record: WebhookRecord = {
        id: this.#state.nextWebhookId(),
        url,
        body,
        created_at: this.#state.now(),
        delivery: "pending",
        response_status: null,
        error: null,
      };
      this.#state.webhooks.set(record.id, record);
      const controller = new AbortController();
      this.#inFlight.add(controller);
      const timer = setTimeout(() => controller.abort(), DELIVERY_TIMEOUT_MS);
      timer.unref();
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "iamport-mock" },
        body: JSON.stringify(body),
        signal: controller.signal,
      })
        .then(async (res) => {
          await res.arrayBuffer().catch(() => undefined);
          record.response_status = res.status;
          record.delivery = res.ok ? "delivered" : "failed";
        })
        .catch((error: unknown) => {
          record.delivery = "failed";
          record.error = error instanceof Error ? error.message : String(error);
        })
        .finally(() => {
          clearTimeout(timer);
          this.#inFlight.delete(controller);
        });
    }
  }

  /** Abandons deliveries still in flight (on close). */
  abortAll(): void {
    for (const controller of this.#inFlight) controller.abort();
    this.#inFlight.clear();
  }
}
