import type { Payment } from "./records.js";
import type { MockState, WebhookRecord } from "./state.js";

const DELIVERY_TIMEOUT_MS = 5_000;

/** Hostnames that name this machine: webhooks go only here unless a host is allowed explicitly. */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * POSTs payment events to the `notice_url` the client gave, never anywhere
 * else, and records each delivery for `GET /__mock/webhooks`. One attempt
 * per event, no retries; delivery runs after the API response is sent.
 * Only loopback hosts receive them unless a host is allowed explicitly:
 * a fuzzer's random `notice_url` must never reach the internet.
 */
export class WebhookSender {
  readonly #state: MockState;
  readonly #allowHosts: ReadonlySet<string>;
  readonly #inFlight = new Set<AbortController>();

  constructor(state: MockState, allowHosts: readonly string[] = []) {
    this.#state = state;
    this.#allowHosts = new Set(allowHosts.map((h) => h.toLowerCase()));
  }

  /** Why a URL may not receive webhooks, or `undefined` when it may. */
  #refusal(url: string): string | undefined {
    let hostname: string;
    try {
      hostname = new URL(url).hostname;
    } catch {
      return "not a valid URL";
    }
    if (isLoopback(hostname) || this.#allowHosts.has(hostname.toLowerCase())) return undefined;
    return `host ${hostname} is not loopback and not in the webhook allow-list (--webhook-allow-host)`;
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
      const refusal = this.#refusal(url);
      if (refusal) {
        record.delivery = "refused";
        record.error = refusal;
        continue;
      }
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
