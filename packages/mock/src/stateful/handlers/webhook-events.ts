import { failure, notFound, ok, type Reply } from "../../envelope.js";
import type { Handler, StatefulContext } from "../context.js";
import { WebhookSender } from "../webhooks.js";

/**
 * Events that happen outside the API and reach the merchant by webhook,
 * triggered through the control API (`/__mock/…`): a redelivery, a cancel
 * in PortOne's admin console, a buyer's deposit into a virtual account.
 * Their errors carry `code: -1` whatever the status, as control errors do.
 */
export function webhookEvents({ state, payments, webhooks }: StatefulContext, cancelPayment: Handler) {
  return {
    /**
     * Sends a payment's webhook again, on demand: `copies` identical deliveries
     * (a redelivery, or duplicates), optionally claiming an older `status`
     * (out-of-order arrival), to `url` or else to the payment's notice_url.
     */
    redeliver(impUid: string, options: { copies: number; status?: string; url?: string }): Reply {
      const stored = payments.find(impUid);
      if (!stored) return failure(404, `no payment ${impUid}`);
      const urls = options.url ? [options.url] : stored.noticeUrls;
      if (urls.length === 0) return failure(409, `payment ${impUid} has no notice_url; send "url"`);
      const body = WebhookSender.payload(stored.payment, options.status ? { status: options.status } : {});
      for (let i = 0; i < options.copies; i++) webhooks.send(urls, body);
      return { status: 200, body: { webhooks: [...state.webhooks.values()].slice(-options.copies * urls.length) } };
    },

    /**
     * Cancels a payment as PortOne's admin console would (outside the API):
     * the same rules as `POST /payments/cancel`, and the webhook is always sent.
     */
    consoleCancel(impUid: string, amount: number | undefined, reason: string | undefined): Reply {
      const reply = cancelPayment({
        params: {},
        query: {},
        body: { imp_uid: impUid, ...(amount === undefined ? {} : { amount }), reason: reason ?? "관리자 콘솔 취소", enable_webhook: true },
        baseUrl: "",
      });
      const envelope = reply.body as { code: number; message: string | null; response: unknown };
      if (envelope.code === 1 && !payments.find(impUid)) return failure(404, envelope.message ?? "not found");
      if (envelope.code !== 0) return failure(409, envelope.message ?? "refused");
      return reply;
    },

    /** Simulates the buyer's deposit into a virtual account: `ready` → `paid`, webhook sent. */
    deposit(impUid: string, amount: number | undefined): Reply {
      const stored = payments.find(impUid);
      if (stored?.payment.pay_method !== "vbank") return notFound(`no virtual-account payment ${impUid}`);
      const { payment } = stored;
      if (payment.status !== "ready") return failure(409, `the payment is ${payment.status}, not ready`);
      const now = state.now();
      if (payment.vbank_date && now > payment.vbank_date) return failure(409, "the deposit deadline (vbank_date) has passed");
      if (amount !== undefined && amount !== payment.amount) return failure(409, `deposits must match the amount (${payment.amount})`);
      payment.status = "paid";
      payment.paid_at = now;
      webhooks.send(stored.noticeUrls, WebhookSender.payload(payment));
      return ok(payment);
    },
  };
}
