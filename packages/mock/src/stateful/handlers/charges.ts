import { type Fields, list, num, str } from "../../body.js";
import { ok, type Reply, refuse } from "../../envelope.js";
import { issueBillingKey } from "../billing-key-issuer.js";
import type { Handlers, StatefulContext } from "../context.js";
import { chargeOutcome, maskCard } from "../magic.js";
import { pgOf } from "../mock-pg.js";
import { orderFields } from "../order-fields.js";
import { settle } from "../payment-ledger.js";
import { outOfRange } from "../range.js";
import { WebhookSender } from "../webhooks.js";

/** Non-authenticated charges (비인증 결제): with card data, or with a billing key. */
export function chargeHandlers(context: StatefulContext): Handlers {
  const { state, payments, webhooks } = context;

  /** A charge with raw card data (`onetime`, and the deprecated `foreign`): the card number decides the outcome. */
  const payWithCard = (body: Fields): Reply => {
    const merchantUid = str(body.merchant_uid) as string;
    const amount = num(body.amount) as number;
    const refusal = outOfRange([amount]) ?? payments.duplicate(merchantUid) ?? payments.prepareMismatch(merchantUid, amount);
    if (refusal) return refuse(refusal);
    const cardNumber = str(body.card_number) as string;
    const outcome = chargeOutcome(cardNumber);
    if (outcome.kind === "refuse") return refuse(outcome.reason);
    const customerUid = str(body.customer_uid);
    const now = state.now();
    const payment = payments.create({
      merchant_uid: merchantUid,
      amount,
      ...orderFields(body),
      ...pgOf(body),
      card_quota: num(body.card_quota) ?? 0,
      card_number: maskCard(cardNumber),
      customer_uid: customerUid ?? null,
      customer_uid_usage: customerUid ? "issue" : null,
    });
    settle(payment, outcome.kind === "decline" ? outcome.reason : undefined, now);
    if (customerUid && payment.status === "paid") {
      const issued = issueBillingKey(state, customerUid, body);
      if ("key" in issued) state.billingKeys.set(customerUid, issued);
    }
    const noticeUrls = list(body, "notice_url");
    state.addPayment({ payment, noticeUrls });
    // PortOne sends no webhook for a failed payment (only scheduled payments report failures).
    if (payment.status === "paid") webhooks.send(noticeUrls, WebhookSender.payload(payment));
    return ok(payment);
  };

  return {
    "POST /subscribe/payments/onetime": ({ body }) => payWithCard(body),
    // Deprecated: the foreign-card charge takes the one-time body and behaves like it.
    "POST /subscribe/payments/foreign": ({ body }) => payWithCard(body),
    "POST /subscribe/payments/again": ({ body }) => {
      const customerUid = str(body.customer_uid) as string;
      const merchantUid = str(body.merchant_uid) as string;
      const amount = num(body.amount) as number;
      const range = outOfRange([amount]);
      if (range) return refuse(range);
      const billingKey = state.billingKeys.get(customerUid);
      if (!billingKey) return refuse(`등록되지 않은 customer_uid입니다: ${customerUid}`);
      const refusal = payments.duplicate(merchantUid) ?? payments.prepareMismatch(merchantUid, amount);
      if (refusal) return refuse(refusal);
      const payment = payments.create({
        merchant_uid: merchantUid,
        amount,
        ...orderFields(body),
        pg_provider: billingKey.key.pg_provider,
        pg_id: billingKey.key.pg_id,
        card_quota: num(body.card_quota) ?? 0,
        card_number: billingKey.key.card_number,
        customer_uid: customerUid,
        customer_uid_usage: "payment",
      });
      settle(payment, billingKey.chargesDecline, state.now());
      const noticeUrls = list(body, "notice_url");
      state.addPayment({ payment, noticeUrls });
      // PortOne sends no webhook for a failed payment (only scheduled payments report failures).
      if (payment.status === "paid") webhooks.send(noticeUrls, WebhookSender.payload(payment));
      return ok(payment);
    },
  };
}
