import { list, num, str } from "../../body.js";
import { badRequest, failure, notFound, ok, type Reply } from "../../envelope.js";
import type { Handlers, StatefulContext } from "../context.js";
import { chargeOutcome, maskCard } from "../magic.js";
import { orderFields } from "../order-fields.js";
import { settle } from "../payment-ledger.js";
import type { PaymentLink } from "../records.js";
import { type MockState, type PaymentLinkState, randomHex } from "../state.js";
import { WebhookSender } from "../webhooks.js";

/** The card a buyer pays a link with when the control call names none: an ordinary approval. */
const DEFAULT_LINK_CARD = "4242-4242-4242-4242";

/**
 * Payment URLs (결제 URL, supplements API). Its answers have no
 * `{code, message, response}` envelope: the spec documents bare bodies.
 */
export function paymentLinkHandlers({ state }: StatefulContext): Handlers {
  return {
    "POST /api/supplements/v1/link/payment": ({ body, baseUrl }) => {
      let info: unknown;
      try {
        info = JSON.parse(str(body.payment_info) ?? "");
      } catch {
        return badRequest("payment_info is not valid JSON");
      }
      if (typeof info !== "object" || info === null || Array.isArray(info)) return badRequest("payment_info must be a JSON object");
      const expiredAt = num(body.expired_at) as number;
      const now = state.now();
      if (expiredAt <= now) return badRequest(`expired_at (${expiredAt}) must be later than now (${now})`);
      let id = randomHex(4);
      while (state.links.has(id)) id = randomHex(4);
      state.links.set(id, { id, info: info as Record<string, unknown>, expired_at: expiredAt, created_at: now, deactivated_at: 0 });
      const link: PaymentLink = { shortenedUrl: `${baseUrl}/__mock/links/${id}` };
      return { status: 200, body: link };
    },
    "PUT /api/supplements/v1/link/payment/{id}": ({ params }) => {
      const link = state.links.get(params.id as string);
      // The spec documents this 404 without a body.
      if (!link) return { status: 404 };
      if (!link.deactivated_at) link.deactivated_at = state.now();
      return { status: 200 };
    },
  };
}

/** Whether a payment URL can still be paid, as `GET /__mock/links/{id}` reports it. */
export function linkStatus(state: MockState, link: PaymentLinkState): "active" | "expired" | "deactivated" {
  if (link.deactivated_at) return "deactivated";
  return state.now() >= link.expired_at ? "expired" : "active";
}

/** Simulates a buyer paying through a payment URL; refused unless the link is active. */
export function payLink({ state, payments, webhooks }: StatefulContext, id: string, cardNumber: string | undefined): Reply {
  const link = state.links.get(id);
  if (!link) return notFound(`no payment URL ${id}`);
  const status = linkStatus(state, link);
  if (status !== "active") return failure(410, `the payment URL is ${status}`);
  const info = link.info;
  const merchantUid = str(info.merchant_uid) ?? `link_${id}`;
  const duplicate = payments.duplicate(merchantUid);
  if (duplicate) return failure(409, duplicate);
  const card = cardNumber ?? DEFAULT_LINK_CARD;
  const outcome = chargeOutcome(card);
  if (outcome.kind === "refuse") return failure(402, outcome.reason);
  const payment = payments.create({
    merchant_uid: merchantUid,
    amount: num(info.amount) ?? 0,
    ...orderFields(info),
    channel: "pc",
    card_number: maskCard(card),
  });
  settle(payment, outcome.kind === "decline" ? outcome.reason : undefined, state.now());
  const noticeUrls = list(info, "notice_url");
  state.addPayment({ payment, noticeUrls });
  // Payment URLs report only successful payments, by webhook.
  if (payment.status === "paid") webhooks.send(noticeUrls, WebhookSender.payload(payment));
  return ok(payment);
}
