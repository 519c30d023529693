import { bool, list, num, str } from "../../body.js";
import { notFound, ok, type Reply, refuse } from "../../envelope.js";
import type { Handlers, StatefulContext, StatefulRequest } from "../context.js";
import { nullableStr } from "../order-fields.js";
import { page, pageArgs } from "../paging.js";
import { sortPayments } from "../payment-sorting.js";
import type { Payment } from "../records.js";
import { roundToCents } from "../rounding.js";
import { randomHex } from "../state.js";
import { WebhookSender } from "../webhooks.js";

/** How far back `GET /payments/status/…` looks when `from` is not given: PortOne's 90 days. */
const STATUS_WINDOW = 90 * 24 * 60 * 60;

/** Payments once made: lookups by imp_uid or merchant_uid, lists by status, and (partial) cancellation. */
export function paymentHandlers({ state, payments, webhooks }: StatefulContext): Handlers {
  const byMerchant = ({ params }: StatefulRequest) => {
    const status = params.payment_status;
    return state
      .paymentsByMerchant(params.merchant_uid as string)
      .filter((s) => !status || status === "all" || s.payment.status === status);
  };

  const findByMerchant = (request: StatefulRequest): Reply => {
    const [first] = sortPayments(byMerchant(request), str(request.query.sorting));
    return first ? ok(first) : notFound("존재하지 않는 결제정보입니다.");
  };

  const findAllByMerchant = (request: StatefulRequest): Reply => {
    const candidates = byMerchant(request);
    if (candidates.length === 0) return notFound("존재하지 않는 결제정보입니다.");
    const { pageNumber, limit } = pageArgs(request.query);
    return ok(page(sortPayments(candidates, str(request.query.sorting)), pageNumber, limit));
  };

  return {
    "GET /payments/{imp_uid}": ({ params }) => {
      const stored = payments.find(params.imp_uid as string);
      return stored ? ok(stored.payment) : notFound("존재하지 않는 결제정보입니다.");
    },
    "GET /payments": ({ query }) => {
      const impUids = list(query, "imp_uid");
      const merchantUids = list(query, "merchant_uid");
      const found: Payment[] = [];
      for (const id of impUids) {
        const stored = payments.find(id);
        if (stored) found.push(stored.payment);
      }
      for (const id of merchantUids) {
        const latest = state.paymentsByMerchant(id)[0];
        if (latest) found.push(latest.payment);
      }
      if (found.length === 0) return notFound("존재하지 않는 결제정보입니다.");
      // Some found, some not: PortOne answers 207 with the ones it found.
      return { ...ok(found), status: found.length < impUids.length + merchantUids.length ? 207 : 200 };
    },
    "GET /payments/find/{merchant_uid}": findByMerchant,
    "GET /payments/find/{merchant_uid}/{payment_status}": findByMerchant,
    "GET /payments/findAll/{merchant_uid}": findAllByMerchant,
    "GET /payments/findAll/{merchant_uid}/{payment_status}": findAllByMerchant,
    "GET /payments/status/{payment_status}": ({ params, query }) => {
      const status = params.payment_status as string;
      const to = num(query.to) ?? state.now();
      const from = num(query.from) ?? to - STATUS_WINDOW;
      const matching = [...state.payments.values()].filter(
        (s) => (status === "all" || s.payment.status === status) && s.payment.started_at >= from && s.payment.started_at <= to,
      );
      const { pageNumber, limit } = pageArgs(query);
      return ok(page(sortPayments(matching, str(query.sorting)), pageNumber, limit));
    },
    "POST /payments/cancel": ({ body }) => {
      const impUid = str(body.imp_uid);
      const merchantUid = str(body.merchant_uid);
      const stored = impUid
        ? payments.find(impUid)
        : (state.paymentsByMerchant(merchantUid as string).find((s) => s.payment.status === "paid") ??
          state.paymentsByMerchant(merchantUid as string)[0]);
      if (!stored) return refuse("취소할 결제건이 존재하지 않습니다.", 1);
      const { payment } = stored;
      if (payment.status === "cancelled") return refuse("이미 전액취소된 주문입니다.", 1);
      if (payment.status !== "paid") return refuse(`결제완료 상태가 아닌 결제건은 취소할 수 없습니다 (status: ${payment.status}).`);
      const cancellable = roundToCents(payment.amount - payment.cancel_amount);
      const checksum = num(body.checksum);
      if (checksum !== undefined && roundToCents(checksum) !== cancellable) {
        return refuse(`checksum(${checksum})이 취소가능금액(${cancellable})과 일치하지 않습니다.`);
      }
      const requested = num(body.amount);
      const amount = requested === undefined || requested === 0 ? cancellable : roundToCents(requested);
      if (amount > cancellable) return refuse(`취소요청금액(${amount})이 취소가능금액(${cancellable})을 초과합니다.`);
      const now = state.now();
      const reason = nullableStr(body.reason);
      const cancellationId = `cancel_${randomHex(8)}`;
      payment.cancel_history.push({
        pg_tid: `mock_${randomHex(10)}`,
        amount,
        cancelled_at: now,
        reason,
        receipt_url: null,
        cancellation_id: cancellationId,
      });
      payment.cancel_amount = roundToCents(payment.cancel_amount + amount);
      payment.cancelled_at = now;
      payment.cancel_reason = reason;
      if (payment.cancel_amount >= payment.amount) payment.status = "cancelled";
      if (bool(body.enable_webhook) === true) {
        webhooks.send(stored.noticeUrls, WebhookSender.payload(payment, { cancellation_id: cancellationId }));
      }
      return ok(payment);
    },
  };
}
