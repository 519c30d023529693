import { type PaymentLedger, settle } from "./payment-ledger.js";
import type { MockState, StoredSchedule } from "./state.js";
import { WebhookSender } from "./webhooks.js";

/** Charges scheduled payments (결제예약) once the mock's clock reaches them. */
export class DueSchedules {
  readonly #state: MockState;
  readonly #payments: PaymentLedger;
  readonly #webhooks: WebhookSender;
  /** Earliest `schedule_at` still pending, so due checks cost O(1) per request. */
  #nextDue = Number.POSITIVE_INFINITY;

  constructor(state: MockState, payments: PaymentLedger, webhooks: WebhookSender) {
    this.#state = state;
    this.#payments = payments;
    this.#webhooks = webhooks;
  }

  /** Executes every scheduled payment whose time has come; returns their merchant_uids. */
  run(): string[] {
    const now = this.#state.now();
    if (now < this.#nextDue) return [];
    const executed: string[] = [];
    const due = [...this.#state.schedules.values()]
      .filter((s) => s.schedule.schedule_status === "scheduled" && s.schedule.schedule_at <= now)
      .sort((a, b) => a.schedule.schedule_at - b.schedule.schedule_at);
    for (const stored of due) {
      this.#execute(stored);
      executed.push(stored.schedule.merchant_uid);
    }
    this.recompute();
    return executed;
  }

  /** Finds the next due time again, after schedules were added, moved or revoked. */
  recompute(): void {
    let next = Number.POSITIVE_INFINITY;
    for (const { schedule } of this.#state.schedules.values()) {
      if (schedule.schedule_status === "scheduled" && schedule.schedule_at < next) next = schedule.schedule_at;
    }
    this.#nextDue = next;
  }

  #execute(stored: StoredSchedule): void {
    const { schedule } = stored;
    const now = this.#state.now();
    const billingKey = this.#state.billingKeys.get(schedule.customer_uid);
    let failure: string | undefined;
    if (!billingKey) failure = "등록된 빌링키가 존재하지 않습니다.";
    else failure = billingKey.chargesDecline ?? this.#payments.prepareMismatch(schedule.merchant_uid, schedule.amount);
    const payment = this.#payments.create({
      merchant_uid: schedule.merchant_uid,
      amount: schedule.amount,
      currency: schedule.currency,
      name: schedule.name,
      buyer_name: schedule.buyer_name,
      buyer_email: schedule.buyer_email,
      buyer_tel: schedule.buyer_tel,
      buyer_addr: schedule.buyer_addr,
      buyer_postcode: schedule.buyer_postcode,
      custom_data: schedule.custom_data,
      card_quota: stored.cardQuota ?? 0,
      customer_uid: schedule.customer_uid,
      customer_uid_usage: "payment.scheduled",
      card_number: billingKey?.key.card_number ?? null,
    });
    settle(payment, failure, now);
    this.#state.addPayment({ payment, noticeUrls: stored.noticeUrls });
    schedule.schedule_status = "executed";
    schedule.executed_at = now;
    schedule.imp_uid = payment.imp_uid;
    schedule.payment_status = payment.status === "paid" ? "paid" : "failed";
    schedule.fail_reason = payment.fail_reason;
    this.#webhooks.send(stored.noticeUrls, WebhookSender.payload(payment));
  }
}
