import { MOCK_CARD, MOCK_PG } from "./mock-pg.js";
import type { Payment } from "./records.js";
import { type MockState, randomDigits, randomHex, type StoredPayment } from "./state.js";

/** One merchant's payments as every domain needs them: created, found, and checked before a charge. */
export class PaymentLedger {
  readonly #state: MockState;

  constructor(state: MockState) {
    this.#state = state;
  }

  find(impUid: string): StoredPayment | undefined {
    return this.#state.payments.get(impUid);
  }

  /** Why `merchant_uid` cannot be charged again: it already has a payment that is not `failed`. */
  duplicate(merchantUid: string): string | undefined {
    const existing = this.#state.paymentsByMerchant(merchantUid).find((s) => s.payment.status !== "failed");
    return existing ? `이미 결제 요청된 merchant_uid입니다: ${merchantUid}` : undefined;
  }

  /** Why `amount` cannot be charged: `merchant_uid` was prepared (사전등록) with another amount. */
  prepareMismatch(merchantUid: string, amount: number): string | undefined {
    const prepared = this.#state.prepares.get(merchantUid);
    if (prepared && prepared.amount !== amount) {
      return `사전등록된 결제금액(${prepared.amount})과 요청 금액(${amount})이 일치하지 않습니다.`;
    }
    return undefined;
  }

  /** A `ready` card payment with every key the API returns; `fields` override the defaults. */
  create(fields: Partial<Payment> & { merchant_uid: string; amount: number }): Payment {
    const now = this.#state.now();
    return {
      imp_uid: this.#state.newImpUid(),
      pay_method: "card",
      channel: "api",
      pg_provider: MOCK_PG.pg_provider,
      emb_pg_provider: null,
      pg_tid: `mock_${randomHex(10)}`,
      pg_id: MOCK_PG.pg_id,
      sandbox: false,
      escrow: false,
      apply_num: null,
      bank_code: null,
      bank_name: null,
      card_code: MOCK_CARD.card_code,
      card_name: MOCK_CARD.card_name,
      card_issuer_code: null,
      card_issuer_name: null,
      card_publisher_code: null,
      card_publisher_name: null,
      card_quota: 0,
      card_number: null,
      card_type: MOCK_CARD.card_type,
      vbank_code: null,
      vbank_name: null,
      vbank_num: null,
      vbank_holder: null,
      // PortOne answers 0, not null, for payments that are not virtual accounts.
      vbank_date: 0,
      vbank_issued_at: 0,
      name: null,
      cancel_amount: 0,
      currency: "KRW",
      buyer_name: null,
      buyer_email: null,
      buyer_tel: null,
      buyer_addr: null,
      buyer_postcode: null,
      custom_data: null,
      user_agent: "sorry_not_supported_anymore",
      status: "ready",
      started_at: now,
      paid_at: 0,
      failed_at: 0,
      cancelled_at: 0,
      fail_reason: null,
      cancel_reason: null,
      receipt_url: null,
      cancel_history: [],
      deposit_history: null,
      cancel_receipt_urls: [],
      cash_receipt_issued: false,
      customer_uid: null,
      customer_uid_usage: null,
      promotion: null,
      ...fields,
    };
  }
}

/** Ends a charge: `failed` with `failure` as its reason, else `paid` with an approval number. */
export function settle(payment: Payment, failure: string | undefined, now: number): void {
  if (failure) {
    payment.status = "failed";
    payment.failed_at = now;
    payment.fail_reason = failure;
    payment.apply_num = null;
  } else {
    payment.status = "paid";
    payment.paid_at = now;
    payment.apply_num = randomDigits(8);
    // A paid card payment has a sales slip at the PG (KG Inicis, the mock's PG).
    if (payment.pay_method === "card" && payment.pg_tid) {
      payment.receipt_url = `https://iniweb.inicis.com/DefaultWebApp/mall/cr/cm/mCmReceipt_head.jsp?noTid=${payment.pg_tid}&noMethod=1`;
    }
  }
}
