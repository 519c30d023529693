import { type Fields, list, num, str } from "../../body.js";
import { badRequest, notFound, ok, refuse } from "../../envelope.js";
import { issueBillingKey } from "../billing-key-issuer.js";
import type { Handler, Handlers, StatefulContext } from "../context.js";
import { orderFields } from "../order-fields.js";
import { page, pageArgs } from "../paging.js";
import { outOfRange } from "../range.js";
import type { Schedule } from "../records.js";

/** Scheduled payments (결제예약) of a billing key: booked, revoked, moved and listed; `DueSchedules` runs them. */
export function scheduleHandlers({ state, due }: StatefulContext): Handlers {
  const customerSchedules: Handler = ({ params, query }) => {
    const from = num(query.from) ?? 0;
    const to = num(query.to) ?? Number.MAX_SAFE_INTEGER;
    const status = str(query["schedule-status"] ?? query.schedule_status);
    const matching = [...state.schedules.values()]
      .map((s) => s.schedule)
      .filter(
        (s) =>
          s.customer_uid === params.customer_uid &&
          s.schedule_at >= from &&
          s.schedule_at < to &&
          (!status || s.schedule_status === status),
      )
      .sort((a, b) => a.schedule_at - b.schedule_at);
    const { pageNumber, limit } = pageArgs(query);
    return ok(page(matching, pageNumber, limit));
  };

  return {
    "GET /subscribe/customers/{customer_uid}/schedules": customerSchedules,
    "GET /subscribe/payments/schedule/customers/{customer_uid}": customerSchedules,
    "POST /subscribe/payments/schedule": ({ body }) => {
      const customerUid = str(body.customer_uid) as string;
      const schedules = Array.isArray(body.schedules) ? (body.schedules as Fields[]) : [];
      if (schedules.length === 0) return badRequest("schedules가 비어 있습니다.");
      const now = state.now();
      const seen = new Set<string>();
      for (const item of schedules) {
        const merchantUid = str(item.merchant_uid) ?? "";
        const scheduleAt = num(item.schedule_at) ?? 0;
        const range = outOfRange([num(item.amount)], [scheduleAt]);
        if (range) return refuse(range);
        if (seen.has(merchantUid) || state.schedules.get(merchantUid)?.schedule.schedule_status === "scheduled") {
          return refuse(`이미 예약된 merchant_uid입니다: ${merchantUid}`);
        }
        if (state.paymentsByMerchant(merchantUid).some((s) => s.payment.status !== "failed")) {
          return refuse(`이미 결제 요청된 merchant_uid입니다: ${merchantUid}`);
        }
        if (scheduleAt <= now) return refuse(`예약시각(schedule_at: ${scheduleAt})은 현재(${now})보다 이후여야 합니다.`);
        seen.add(merchantUid);
      }
      let billingKey = state.billingKeys.get(customerUid);
      if (str(body.card_number)) {
        const issued = issueBillingKey(state, customerUid, body);
        if (!("key" in issued)) return issued;
        state.billingKeys.set(customerUid, issued);
        billingKey = issued;
      }
      if (!billingKey) return refuse(`등록된 빌링키가 없습니다. 카드정보와 함께 요청하세요: ${customerUid}`);
      const created: Schedule[] = [];
      for (const item of schedules) {
        const order = orderFields(item);
        const schedule: Schedule = {
          customer_uid: customerUid,
          merchant_uid: str(item.merchant_uid) as string,
          imp_uid: null,
          pg_provider: billingKey.key.pg_provider,
          pg_id: billingKey.key.pg_id,
          customer_id: billingKey.key.customer_id,
          schedule_at: Math.floor(num(item.schedule_at) as number),
          executed_at: 0,
          revoked_at: 0,
          amount: num(item.amount) as number,
          currency: order.currency,
          name: order.name,
          buyer_name: order.buyer_name ?? billingKey.key.customer_name,
          buyer_email: order.buyer_email ?? billingKey.key.customer_email,
          buyer_tel: order.buyer_tel ?? billingKey.key.customer_tel,
          buyer_addr: order.buyer_addr ?? billingKey.key.customer_addr,
          buyer_postcode: order.buyer_postcode ?? billingKey.key.customer_postcode,
          custom_data: order.custom_data,
          schedule_status: "scheduled",
          payment_status: null,
          fail_reason: null,
          // The mock applies no card-company promotion (its payments' `promotion` is null too).
          promotion_id: null,
        };
        state.schedules.set(schedule.merchant_uid, {
          schedule,
          noticeUrls: list(item, "notice_url"),
          cardQuota: num(item.card_quota) ?? null,
        });
        created.push(schedule);
      }
      due.recompute();
      return ok(created);
    },
    "POST /subscribe/payments/unschedule": ({ body }) => {
      const customerUid = str(body.customer_uid);
      const merchantUids = new Set(list(body, "merchant_uid"));
      if (!customerUid && merchantUids.size === 0) return badRequest("customer_uid 또는 merchant_uid가 필요합니다.");
      const now = state.now();
      const revoked: Schedule[] = [];
      for (const { schedule } of state.schedules.values()) {
        if (schedule.schedule_status !== "scheduled") continue;
        if (customerUid && schedule.customer_uid !== customerUid) continue;
        if (merchantUids.size > 0 && !merchantUids.has(schedule.merchant_uid)) continue;
        schedule.schedule_status = "revoked";
        schedule.revoked_at = now;
        revoked.push(schedule);
      }
      if (revoked.length === 0) return refuse("취소할 예약결제 기록이 존재하지 않습니다.", 1);
      due.recompute();
      return ok(revoked);
    },
    "GET /subscribe/payments/schedule/{merchant_uid}": ({ params }) => {
      const stored = state.schedules.get(params.merchant_uid as string);
      return stored ? ok(stored.schedule) : notFound("결제예약 정보가 존재하지 않습니다.");
    },
    "PUT /subscribe/payments/schedule/{merchant_uid}": ({ params, body }) => {
      const stored = state.schedules.get(params.merchant_uid as string);
      if (!stored) return notFound("결제예약 정보가 존재하지 않습니다.");
      const scheduleAt = num(body.schedule_at) as number;
      const range = outOfRange([], [scheduleAt]);
      if (range) return badRequest(range);
      if (stored.schedule.schedule_status !== "scheduled")
        return badRequest(`예약 상태(${stored.schedule.schedule_status})에서는 예약시각을 바꿀 수 없습니다.`);
      if (scheduleAt <= state.now()) return badRequest("예약시각은 현재보다 이후여야 합니다.");
      stored.schedule.schedule_at = Math.floor(scheduleAt);
      due.recompute();
      return ok(stored.schedule);
    },
    "GET /subscribe/payments/schedule": ({ query }) => {
      const from = num(query.schedule_from) ?? 0;
      const to = num(query.schedule_to) ?? Number.MAX_SAFE_INTEGER;
      const status = str(query.schedule_status);
      const matching = [...state.schedules.values()]
        .map((s) => s.schedule)
        .filter((s) => s.schedule_at >= from && s.schedule_at < to && (!status || s.schedule_status === status))
        .sort((a, b) => (str(query.sorting)?.startsWith("-") ? b.schedule_at - a.schedule_at : a.schedule_at - b.schedule_at));
      const { pageNumber, limit } = pageArgs(query);
      return ok(page(matching, pageNumber, limit));
    },
  };
}
