import { bool, type Fields, list, num, str } from "../body.js";
import { badRequest, failure, notFound, ok, type Reply, refuse } from "../envelope.js";
import { FaultTable } from "../faults.js";
import { RequestLog } from "../request-log.js";
import { birthday } from "./birthday.js";
import { chargeOutcome, issueOutcome, maskCard } from "./magic.js";
import { MOCK_CARD, MOCK_PG, pgOf } from "./mock-pg.js";
import { nullableStr, orderFields } from "./order-fields.js";
import { page, pageArgs } from "./paging.js";
import { sortPayments } from "./payment-sorting.js";
import { outOfRange } from "./range.js";
import type { BillingKey, CashReceipt, Certification, Currency, Payment, PreparedPayment, Schedule } from "./records.js";
import { roundToCents } from "./rounding.js";
import { type MockState, type PaymentLinkState, randomDigits, randomHex, type StoredPayment, type StoredSchedule } from "./state.js";
import { WebhookSender } from "./webhooks.js";

export interface StatefulRequest {
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: Fields;
  /** Base URL of this mock as the client reached it, e.g. `http://127.0.0.1:4010`. */
  baseUrl: string;
}

export type Handler = (request: StatefulRequest) => Reply;

export interface Credentials {
  apiKey: string;
  apiSecret: string;
}

const TOKEN_LIFETIME = 30 * 60;
const TOKEN_EXTEND_WINDOW = 60;
const TOKEN_EXTENSION = 5 * 60;
const STATUS_WINDOW = 90 * 24 * 60 * 60;

const BANKS: Record<string, string> = {
  "003": "IBK기업은행",
  "004": "KB국민은행",
  "011": "NH농협은행",
  "020": "우리은행",
  "023": "SC제일은행",
  "081": "하나은행",
  "088": "신한은행",
  "089": "케이뱅크",
  "090": "카카오뱅크",
};

/**
 * The stateful mock's behaviour, one synchronous handler per operation.
 * Handlers never await: Node runs each to completion, so concurrent requests
 * cannot interleave inside one (no lost updates, no double refunds).
 */
export class StatefulApi {
  readonly state: MockState;
  readonly webhooks: WebhookSender;
  readonly #credentials: Credentials;
  /** Earliest `schedule_at` still pending, so due checks cost O(1) per request. */
  #nextDue = Number.POSITIVE_INFINITY;

  /** Faults set for this merchant through `POST /__mock/faults`. */
  readonly faults = new FaultTable();

  /** The API requests this merchant sent (`GET /__mock/requests`), secrets masked. */
  readonly requests = new RequestLog();

  constructor(state: MockState, credentials: Credentials, webhookAllowHosts: readonly string[] = []) {
    this.state = state;
    this.#credentials = credentials;
    this.webhooks = new WebhookSender(state, webhookAllowHosts);
  }

  // ── tokens ────────────────────────────────────────────────────────────

  /** Whether `Authorization` carries a token this mock issued and that has not expired. */
  authorize(header: string | undefined): boolean {
    if (!header) return false;
    const token = header.replace(/^Bearer\s+/i, "").trim();
    const entry = this.state.tokens.get(token);
    return entry !== undefined && this.state.now() < entry.expiredAt;
  }

  // ── due schedules ──────────────────────────────────────────────────────

  /** Executes every scheduled payment whose time has come; returns their merchant_uids. */
  runDue(): string[] {
    const now = this.state.now();
    if (now < this.#nextDue) return [];
    const executed: string[] = [];
    const due = [...this.state.schedules.values()]
      .filter((s) => s.schedule.schedule_status === "scheduled" && s.schedule.schedule_at <= now)
      .sort((a, b) => a.schedule.schedule_at - b.schedule.schedule_at);
    for (const stored of due) {
      this.#execute(stored);
      executed.push(stored.schedule.merchant_uid);
    }
    this.#recomputeNextDue();
    return executed;
  }

  #recomputeNextDue(): void {
    let next = Number.POSITIVE_INFINITY;
    for (const { schedule } of this.state.schedules.values()) {
      if (schedule.schedule_status === "scheduled" && schedule.schedule_at < next) next = schedule.schedule_at;
    }
    this.#nextDue = next;
  }

  #execute(stored: StoredSchedule): void {
    const { schedule } = stored;
    const now = this.state.now();
    const billingKey = this.state.billingKeys.get(schedule.customer_uid);
    let failure: string | undefined;
    if (!billingKey) failure = "등록된 빌링키가 존재하지 않습니다.";
    else failure = billingKey.chargesDecline ?? this.#prepareMismatch(schedule.merchant_uid, schedule.amount);
    const payment = this.#newPayment({
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
    this.#settle(payment, failure, now);
    this.state.addPayment({ payment, noticeUrls: stored.noticeUrls });
    schedule.schedule_status = "executed";
    schedule.executed_at = now;
    schedule.imp_uid = payment.imp_uid;
    schedule.payment_status = payment.status === "paid" ? "paid" : "failed";
    schedule.fail_reason = payment.fail_reason;
    this.webhooks.send(stored.noticeUrls, WebhookSender.payload(payment));
  }

  // ── helpers ────────────────────────────────────────────────────────────

  #prepareMismatch(merchantUid: string, amount: number): string | undefined {
    const prepared = this.state.prepares.get(merchantUid);
    if (prepared && prepared.amount !== amount) {
      return `사전등록된 결제금액(${prepared.amount})과 요청 금액(${amount})이 일치하지 않습니다.`;
    }
    return undefined;
  }

  /** Why `merchant_uid` cannot be charged again: it already has a payment that is not `failed`. */
  #duplicate(merchantUid: string): string | undefined {
    const existing = this.state.paymentsByMerchant(merchantUid).find((s) => s.payment.status !== "failed");
    return existing ? `이미 결제 요청된 merchant_uid입니다: ${merchantUid}` : undefined;
  }

  #newPayment(fields: Partial<Payment> & { merchant_uid: string; amount: number }): Payment {
    const now = this.state.now();
    return {
      imp_uid: this.state.newImpUid(),
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

  #settle(payment: Payment, failure: string | undefined, now: number): void {
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

  #issueKey(customerUid: string, body: Fields): { key: BillingKey; chargesDecline: string | undefined } | Reply {
    const cardNumber = str(body.card_number) ?? "";
    const outcome = issueOutcome(cardNumber);
    if (outcome.kind !== "approve") return refuse(`빌링키 발급 실패: ${outcome.reason}`);
    const now = this.state.now();
    const previous = this.state.billingKeys.get(customerUid);
    const pg = pgOf(body);
    const key: BillingKey = {
      customer_uid: customerUid,
      pg_provider: pg.pg_provider,
      pg_id: pg.pg_id,
      sandbox: false,
      customer_id: nullableStr(body.customer_id),
      card_name: MOCK_CARD.card_name,
      card_code: MOCK_CARD.card_code,
      card_issuer_code: null,
      card_issuer_name: null,
      card_publisher_code: null,
      card_publisher_name: null,
      card_number: maskCard(cardNumber),
      card_type: MOCK_CARD.card_type,
      customer_name: nullableStr(body.customer_name ?? body.buyer_name),
      customer_tel: nullableStr(body.customer_tel ?? body.buyer_tel),
      customer_email: nullableStr(body.customer_email ?? body.buyer_email),
      customer_addr: nullableStr(body.customer_addr ?? body.buyer_addr),
      customer_postcode: nullableStr(body.customer_postcode ?? body.buyer_postcode),
      inserted: previous?.key.inserted ?? now,
      updated: now,
    };
    const chargesDecline =
      chargeOutcome(cardNumber).kind === "decline" ? (chargeOutcome(cardNumber) as { reason: string }).reason : undefined;
    return { key, chargesDecline };
  }

  /** A charge with raw card data (`onetime`, and the deprecated `foreign`): the card number decides the outcome. */
  #payWithCard(body: Fields): Reply {
    const merchantUid = str(body.merchant_uid) as string;
    const amount = num(body.amount) as number;
    const range = outOfRange([amount]);
    if (range) return refuse(range);
    const duplicate = this.#duplicate(merchantUid);
    if (duplicate) return refuse(duplicate);
    const mismatch = this.#prepareMismatch(merchantUid, amount);
    if (mismatch) return refuse(mismatch);
    const cardNumber = str(body.card_number) as string;
    const outcome = chargeOutcome(cardNumber);
    if (outcome.kind === "refuse") return refuse(outcome.reason);
    const customerUid = str(body.customer_uid);
    const now = this.state.now();
    const pg = pgOf(body);
    const payment = this.#newPayment({
      merchant_uid: merchantUid,
      amount,
      ...orderFields(body),
      ...pg,
      card_quota: num(body.card_quota) ?? 0,
      card_number: maskCard(cardNumber),
      customer_uid: customerUid ?? null,
      customer_uid_usage: customerUid ? "issue" : null,
    });
    this.#settle(payment, outcome.kind === "decline" ? outcome.reason : undefined, now);
    if (customerUid && payment.status === "paid") {
      const issued = this.#issueKey(customerUid, body);
      if ("key" in issued) this.state.billingKeys.set(customerUid, issued);
    }
    const noticeUrls = list(body, "notice_url");
    this.state.addPayment({ payment, noticeUrls });
    // PortOne sends no webhook for a failed payment (only scheduled payments report failures).
    if (payment.status === "paid") this.webhooks.send(noticeUrls, WebhookSender.payload(payment));
    return ok(payment);
  }

  #findPayment(impUid: string): StoredPayment | undefined {
    return this.state.payments.get(impUid);
  }

  // ── handlers, keyed by `METHOD /path/template` as PortOne names them ───

  readonly handlers: Record<string, Handler> = {
    "POST /users/getToken": ({ body }) => {
      if (body.imp_key !== this.#credentials.apiKey || body.imp_secret !== this.#credentials.apiSecret) {
        return failure(401, "imp_key, imp_secret 인증에 실패하였습니다.");
      }
      const now = this.state.now();
      let current = this.state.current;
      if (!current || current.expiredAt <= now) {
        current = { token: randomHex(20), expiredAt: now + TOKEN_LIFETIME };
        this.state.current = current;
      } else if (current.expiredAt - now < TOKEN_EXTEND_WINDOW) {
        current.expiredAt += TOKEN_EXTENSION;
      }
      this.state.tokens.set(current.token, { expiredAt: current.expiredAt });
      return ok({ access_token: current.token, now, expired_at: current.expiredAt });
    },

    // prepare (결제금액 사전등록)
    "POST /payments/prepare": ({ body }) => {
      const merchantUid = str(body.merchant_uid) as string;
      if (this.state.prepares.has(merchantUid)) return refuse("이미 등록된 merchant_uid입니다.", 1);
      const range = outOfRange([num(body.amount)]);
      if (range) return refuse(range);
      const prepared: PreparedPayment = {
        merchant_uid: merchantUid,
        amount: num(body.amount) as number,
        currency: (str(body.currency) || "KRW") as Currency,
      };
      this.state.prepares.set(merchantUid, prepared);
      return ok(prepared);
    },
    "PUT /payments/prepare": ({ body }) => {
      const merchantUid = str(body.merchant_uid) as string;
      const prepared = this.state.prepares.get(merchantUid);
      if (!prepared) return notFound("사전등록된 결제정보가 존재하지 않습니다.");
      const range = outOfRange([num(body.amount)]);
      if (range) return refuse(range);
      prepared.amount = num(body.amount) as number;
      if (body.currency !== undefined) prepared.currency = (str(body.currency) || prepared.currency) as Currency | null;
      return ok(prepared);
    },
    "GET /payments/prepare/{merchant_uid}": ({ params }) => {
      const prepared = this.state.prepares.get(params.merchant_uid as string);
      return prepared ? ok(prepared) : notFound("사전등록된 결제정보가 존재하지 않습니다.");
    },

    // payments (결제)
    "POST /subscribe/payments/onetime": ({ body }) => this.#payWithCard(body),
    // Deprecated: the foreign-card charge takes the one-time body and behaves like it.
    "POST /subscribe/payments/foreign": ({ body }) => this.#payWithCard(body),
    "POST /subscribe/payments/again": ({ body }) => {
      const customerUid = str(body.customer_uid) as string;
      const merchantUid = str(body.merchant_uid) as string;
      const amount = num(body.amount) as number;
      const range = outOfRange([amount]);
      if (range) return refuse(range);
      const billingKey = this.state.billingKeys.get(customerUid);
      if (!billingKey) return refuse(`등록되지 않은 customer_uid입니다: ${customerUid}`);
      const duplicate = this.#duplicate(merchantUid);
      if (duplicate) return refuse(duplicate);
      const mismatch = this.#prepareMismatch(merchantUid, amount);
      if (mismatch) return refuse(mismatch);
      const payment = this.#newPayment({
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
      this.#settle(payment, billingKey.chargesDecline, this.state.now());
      const noticeUrls = list(body, "notice_url");
      this.state.addPayment({ payment, noticeUrls });
      // PortOne sends no webhook for a failed payment (only scheduled payments report failures).
      if (payment.status === "paid") this.webhooks.send(noticeUrls, WebhookSender.payload(payment));
      return ok(payment);
    },
    "GET /payments/{imp_uid}": ({ params }) => {
      const stored = this.#findPayment(params.imp_uid as string);
      return stored ? ok(stored.payment) : notFound("존재하지 않는 결제정보입니다.");
    },
    "GET /payments": ({ query }) => {
      const impUids = list(query, "imp_uid");
      const merchantUids = list(query, "merchant_uid");
      const found: Payment[] = [];
      for (const id of impUids) {
        const stored = this.#findPayment(id);
        if (stored) found.push(stored.payment);
      }
      for (const id of merchantUids) {
        const latest = this.state.paymentsByMerchant(id)[0];
        if (latest) found.push(latest.payment);
      }
      if (found.length === 0) return notFound("존재하지 않는 결제정보입니다.");
      // Some found, some not: PortOne answers 207 with the ones it found.
      return { ...ok(found), status: found.length < impUids.length + merchantUids.length ? 207 : 200 };
    },
    "GET /payments/find/{merchant_uid}": (request) => this.#findByMerchant(request),
    "GET /payments/find/{merchant_uid}/{payment_status}": (request) => this.#findByMerchant(request),
    "GET /payments/findAll/{merchant_uid}": (request) => this.#findAllByMerchant(request),
    "GET /payments/findAll/{merchant_uid}/{payment_status}": (request) => this.#findAllByMerchant(request),
    "GET /payments/status/{payment_status}": ({ params, query }) => {
      const status = params.payment_status as string;
      const to = num(query.to) ?? this.state.now();
      const from = num(query.from) ?? to - STATUS_WINDOW;
      const matching = [...this.state.payments.values()].filter(
        (s) => (status === "all" || s.payment.status === status) && s.payment.started_at >= from && s.payment.started_at <= to,
      );
      const { pageNumber, limit } = pageArgs(query);
      return ok(page(sortPayments(matching, str(query.sorting)), pageNumber, limit));
    },
    "POST /payments/cancel": ({ body }) => {
      const impUid = str(body.imp_uid);
      const merchantUid = str(body.merchant_uid);
      const stored = impUid
        ? this.#findPayment(impUid)
        : (this.state.paymentsByMerchant(merchantUid as string).find((s) => s.payment.status === "paid") ??
          this.state.paymentsByMerchant(merchantUid as string)[0]);
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
      const now = this.state.now();
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
        this.webhooks.send(stored.noticeUrls, WebhookSender.payload(payment, { cancellation_id: cancellationId }));
      }
      return ok(payment);
    },

    // billing keys (빌링키)
    "POST /subscribe/customers/{customer_uid}": ({ params, body }) => {
      const customerUid = params.customer_uid as string;
      const issued = this.#issueKey(customerUid, body);
      if (!("key" in issued)) return issued;
      this.state.billingKeys.set(customerUid, issued);
      return ok(issued.key);
    },
    "GET /subscribe/customers/{customer_uid}": ({ params }) => {
      const stored = this.state.billingKeys.get(params.customer_uid as string);
      return stored ? ok(stored.key) : notFound("등록된 빌링키 정보가 존재하지 않습니다.");
    },
    "GET /subscribe/customers": ({ query }) => {
      const wanted = list(query, "customer_uid");
      const found = wanted.map((id) => this.state.billingKeys.get(id)?.key).filter((k): k is BillingKey => k !== undefined);
      if (found.length === 0) return notFound("등록된 빌링키 정보가 존재하지 않습니다.");
      return { ...ok(found), status: found.length < wanted.length ? 207 : 200 };
    },
    "DELETE /subscribe/customers/{customer_uid}": ({ params }) => {
      const customerUid = params.customer_uid as string;
      const stored = this.state.billingKeys.get(customerUid);
      if (!stored) return notFound("등록된 빌링키 정보가 존재하지 않습니다.");
      this.state.billingKeys.delete(customerUid);
      return ok(stored.key);
    },
    "GET /subscribe/customers/{customer_uid}/payments": ({ params, query }) => {
      const customerUid = params.customer_uid as string;
      const mine = [...this.state.payments.values()].filter((s) => s.payment.customer_uid === customerUid);
      if (mine.length === 0 && !this.state.billingKeys.has(customerUid)) return notFound("등록된 빌링키 정보가 존재하지 않습니다.");
      const { pageNumber, limit } = pageArgs(query);
      return ok(page(sortPayments(mine, "-started"), pageNumber, limit));
    },
    "GET /subscribe/customers/{customer_uid}/schedules": (request) => this.#customerSchedules(request),
    "GET /subscribe/payments/schedule/customers/{customer_uid}": (request) => this.#customerSchedules(request),

    // schedules (결제예약)
    "POST /subscribe/payments/schedule": ({ body }) => {
      const customerUid = str(body.customer_uid) as string;
      const schedules = Array.isArray(body.schedules) ? (body.schedules as Fields[]) : [];
      if (schedules.length === 0) return badRequest("schedules가 비어 있습니다.");
      const now = this.state.now();
      const seen = new Set<string>();
      for (const item of schedules) {
        const merchantUid = str(item.merchant_uid) ?? "";
        const scheduleAt = num(item.schedule_at) ?? 0;
        const range = outOfRange([num(item.amount)], [scheduleAt]);
        if (range) return refuse(range);
        if (seen.has(merchantUid) || this.state.schedules.get(merchantUid)?.schedule.schedule_status === "scheduled") {
          return refuse(`이미 예약된 merchant_uid입니다: ${merchantUid}`);
        }
        if (this.state.paymentsByMerchant(merchantUid).some((s) => s.payment.status !== "failed")) {
          return refuse(`이미 결제 요청된 merchant_uid입니다: ${merchantUid}`);
        }
        if (scheduleAt <= now) return refuse(`예약시각(schedule_at: ${scheduleAt})은 현재(${now})보다 이후여야 합니다.`);
        seen.add(merchantUid);
      }
      let billingKey = this.state.billingKeys.get(customerUid);
      if (str(body.card_number)) {
        const issued = this.#issueKey(customerUid, body);
        if (!("key" in issued)) return issued;
        this.state.billingKeys.set(customerUid, issued);
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
        this.state.schedules.set(schedule.merchant_uid, {
          schedule,
          noticeUrls: list(item, "notice_url"),
          cardQuota: num(item.card_quota) ?? null,
        });
        created.push(schedule);
      }
      this.#recomputeNextDue();
      return ok(created);
    },
    "POST /subscribe/payments/unschedule": ({ body }) => {
      const customerUid = str(body.customer_uid);
      const merchantUids = new Set(list(body, "merchant_uid"));
      if (!customerUid && merchantUids.size === 0) return badRequest("customer_uid 또는 merchant_uid가 필요합니다.");
      const now = this.state.now();
      const revoked: Schedule[] = [];
      for (const { schedule } of this.state.schedules.values()) {
        if (schedule.schedule_status !== "scheduled") continue;
        if (customerUid && schedule.customer_uid !== customerUid) continue;
        if (merchantUids.size > 0 && !merchantUids.has(schedule.merchant_uid)) continue;
        schedule.schedule_status = "revoked";
        schedule.revoked_at = now;
        revoked.push(schedule);
      }
      if (revoked.length === 0) return refuse("취소할 예약결제 기록이 존재하지 않습니다.", 1);
      this.#recomputeNextDue();
      return ok(revoked);
    },
    "GET /subscribe/payments/schedule/{merchant_uid}": ({ params }) => {
      const stored = this.state.schedules.get(params.merchant_uid as string);
      return stored ? ok(stored.schedule) : notFound("결제예약 정보가 존재하지 않습니다.");
    },
    "PUT /subscribe/payments/schedule/{merchant_uid}": ({ params, body }) => {
      const stored = this.state.schedules.get(params.merchant_uid as string);
      if (!stored) return notFound("결제예약 정보가 존재하지 않습니다.");
      const scheduleAt = num(body.schedule_at) as number;
      const range = outOfRange([], [scheduleAt]);
      if (range) return badRequest(range);
      if (stored.schedule.schedule_status !== "scheduled")
        return badRequest(`예약 상태(${stored.schedule.schedule_status})에서는 예약시각을 바꿀 수 없습니다.`);
      if (scheduleAt <= this.state.now()) return badRequest("예약시각은 현재보다 이후여야 합니다.");
      stored.schedule.schedule_at = Math.floor(scheduleAt);
      this.#recomputeNextDue();
      return ok(stored.schedule);
    },
    "GET /subscribe/payments/schedule": ({ query }) => {
      const from = num(query.schedule_from) ?? 0;
      const to = num(query.schedule_to) ?? Number.MAX_SAFE_INTEGER;
      const status = str(query.schedule_status);
      const matching = [...this.state.schedules.values()]
        .map((s) => s.schedule)
        .filter((s) => s.schedule_at >= from && s.schedule_at < to && (!status || s.schedule_status === status))
        .sort((a, b) => (str(query.sorting)?.startsWith("-") ? b.schedule_at - a.schedule_at : a.schedule_at - b.schedule_at));
      const { pageNumber, limit } = pageArgs(query);
      return ok(page(matching, pageNumber, limit));
    },

    // virtual accounts (가상계좌)
    "POST /vbanks": ({ body }) => {
      const merchantUid = str(body.merchant_uid) as string;
      const amount = num(body.amount) as number;
      const due = num(body.vbank_due) as number;
      const range = outOfRange([amount], [due]);
      if (range) return refuse(range);
      const duplicate = this.#duplicate(merchantUid);
      if (duplicate) return refuse(duplicate);
      const mismatch = this.#prepareMismatch(merchantUid, amount);
      if (mismatch) return refuse(mismatch);
      const now = this.state.now();
      if (due <= now) return refuse(`입금기한(vbank_due: ${due})은 현재(${now})보다 이후여야 합니다.`);
      const code = str(body.vbank_code) as string;
      const payment = this.#newPayment({
        merchant_uid: merchantUid,
        amount,
        ...orderFields(body),
        pay_method: "vbank",
        card_code: null,
        card_name: null,
        card_quota: null,
        card_type: null,
        vbank_code: code,
        vbank_name: BANKS[code] ?? `은행(${code})`,
        vbank_num: str(body.vbank_num) ?? `${randomDigits(3)}-${randomDigits(6)}-${randomDigits(5)}`,
        vbank_holder: str(body.vbank_holder) ?? "모의상점",
        vbank_date: Math.floor(due),
        vbank_issued_at: now,
      });
      const noticeUrls = list(body, "notice_url");
      this.state.addPayment({ payment, noticeUrls });
      this.webhooks.send(noticeUrls, WebhookSender.payload(payment));
      return ok(payment);
    },
    "PUT /vbanks/{imp_uid}": ({ params, body }) => {
      const stored = this.#findPayment(params.imp_uid as string);
      if (stored?.payment.pay_method !== "vbank") return notFound("존재하지 않는 가상계좌 결제정보입니다.");
      const { payment } = stored;
      if (payment.status !== "ready") return badRequest(`입금대기 상태가 아닌 가상계좌는 수정할 수 없습니다 (status: ${payment.status}).`);
      const amount = num(body.amount);
      const due = num(body.vbank_due);
      const range = outOfRange([amount], [due]);
      if (range) return badRequest(range);
      if (due !== undefined && due <= this.state.now()) return badRequest("입금기한은 현재보다 이후여야 합니다.");
      if (amount !== undefined) payment.amount = amount;
      if (due !== undefined) payment.vbank_date = Math.floor(due);
      return ok(payment);
    },
    "DELETE /vbanks/{imp_uid}": ({ params }) => {
      const stored = this.#findPayment(params.imp_uid as string);
      if (stored?.payment.pay_method !== "vbank") return notFound("존재하지 않는 가상계좌 결제정보입니다.");
      const { payment } = stored;
      if (payment.status !== "ready")
        return badRequest(`입금대기 상태가 아닌 가상계좌는 발급취소할 수 없습니다 (status: ${payment.status}).`);
      payment.status = "cancelled";
      payment.cancelled_at = this.state.now();
      payment.cancel_reason = "가상계좌 발급취소";
      this.webhooks.send(stored.noticeUrls, WebhookSender.payload(payment));
      return ok(payment);
    },

    // identity verification by SMS OTP (본인인증): certified only once the OTP is confirmed
    "POST /certifications/otp/request": ({ body }) => {
      const digit = num(body.gender_digit);
      const certification: Certification = {
        imp_uid: this.state.newImpUid(),
        merchant_uid: nullableStr(body.merchant_uid),
        pg_tid: randomDigits(18),
        pg_provider: str(body.pg)?.split(".")[0] || "danal",
        name: nullableStr(body.name),
        gender: digit === undefined ? null : digit % 2 === 1 ? "male" : "female",
        birthday: birthday(str(body.birth), digit),
        // Resident-number gender digits 5 to 8 are foreigners'.
        foreigner: digit !== undefined && digit >= 5 && digit <= 8,
        foreigner_v2: digit !== undefined && digit >= 5 && digit <= 8,
        phone: nullableStr(body.phone),
        carrier: nullableStr(body.carrier) as Certification["carrier"],
        certified: false,
        certified_at: 0,
        unique_key: null,
        unique_in_site: null,
        origin: null,
      };
      this.state.certifications.set(certification.imp_uid, certification);
      return ok({ imp_uid: certification.imp_uid });
    },
    "POST /certifications/otp/confirm/{imp_uid}": ({ params }) => {
      const certification = this.state.certifications.get(params.imp_uid as string);
      if (!certification) return notFound("인증 요청 정보가 존재하지 않습니다.");
      if (!certification.certified) {
        certification.certified = true;
        certification.certified_at = this.state.now();
        certification.unique_key = Buffer.from(randomHex(32), "hex").toString("base64");
        certification.unique_in_site = Buffer.from(randomHex(24), "hex").toString("base64");
      }
      return ok(certification);
    },
    "GET /certifications/{imp_uid}": ({ params }) => {
      const certification = this.state.certifications.get(params.imp_uid as string);
      return certification ? ok(certification) : notFound("인증 정보가 존재하지 않습니다.");
    },
    "DELETE /certifications/{imp_uid}": ({ params }) => {
      const certification = this.state.certifications.get(params.imp_uid as string);
      if (!certification) return notFound("인증 정보가 존재하지 않습니다.");
      this.state.certifications.delete(certification.imp_uid);
      return ok(certification);
    },

    // cash receipts (현금영수증) of payments: the amount is the payment's, and the payment says it has one
    "POST /receipts/{imp_uid}": ({ params, body }) => {
      // The spec documents this operation's refusals as 400 with PortOne's envelope (no refusal inside a 200).
      const stored = this.#findPayment(params.imp_uid as string);
      if (!stored) return badRequest("존재하지 않는 결제정보입니다.");
      const { payment } = stored;
      if (payment.status !== "paid") return badRequest(`결제완료 상태가 아닌 결제건입니다 (status: ${payment.status}).`);
      // Issuing again answers the receipt already issued.
      const existing = this.state.receipts.get(payment.imp_uid);
      if (existing && existing.cancelled_at === 0) return ok(existing);
      const amount = roundToCents(payment.amount - payment.cancel_amount);
      const taxFree = Math.min(amount, num(body.tax_free) ?? 0);
      const tid = `mock_CASH${randomHex(10)}`;
      const receipt: CashReceipt = {
        imp_uid: payment.imp_uid,
        receipt_tid: tid,
        apply_num: randomDigits(9),
        // The request was validated against the spec, whose enum this is.
        type: (str(body.type) ?? "person") as CashReceipt["type"],
        amount,
        // VAT is a tenth of the taxable price, i.e. 1/11 of the taxable amount, unless the request says it.
        vat: num(body.vat_amount) ?? num(body.vat) ?? Math.round((amount - taxFree) / 11),
        receipt_url: `https://iniweb.inicis.com/DefaultWebApp/mall/cr/cm/Cash_mCmReceipt.jsp?noTid=${tid}`,
        applied_at: this.state.now(),
        cancelled_at: 0,
      };
      this.state.receipts.set(payment.imp_uid, receipt);
      payment.cash_receipt_issued = true;
      return ok(receipt);
    },
    "GET /receipts/{imp_uid}": ({ params }) => {
      const receipt = this.state.receipts.get(params.imp_uid as string);
      return receipt ? ok(receipt) : notFound("발행된 현금영수증이 존재하지 않습니다.");
    },
    "DELETE /receipts/{imp_uid}": ({ params }) => {
      const receipt = this.state.receipts.get(params.imp_uid as string);
      if (receipt?.cancelled_at !== 0) return badRequest("취소할 현금영수증이 존재하지 않습니다.");
      receipt.cancelled_at = this.state.now();
      const payment = this.#findPayment(receipt.imp_uid)?.payment;
      if (payment) payment.cash_receipt_issued = false;
      return ok(receipt);
    },

    // payment links (결제 URL, supplements)
    "POST /api/supplements/v1/link/payment": ({ body, baseUrl }) => {
      let info: unknown;
      try {
        info = JSON.parse(str(body.payment_info) ?? "");
      } catch {
        return badRequest("payment_info is not valid JSON");
      }
      if (typeof info !== "object" || info === null || Array.isArray(info)) return badRequest("payment_info must be a JSON object");
      const expiredAt = num(body.expired_at) as number;
      const now = this.state.now();
      if (expiredAt <= now) return badRequest(`expired_at (${expiredAt}) must be later than now (${now})`);
      let id = randomHex(4);
      while (this.state.links.has(id)) id = randomHex(4);
      this.state.links.set(id, { id, info: info as Record<string, unknown>, expired_at: expiredAt, created_at: now, deactivated_at: 0 });
      return { status: 200, body: { shortenedUrl: `${baseUrl}/__mock/links/${id}` } };
    },
    "PUT /api/supplements/v1/link/payment/{id}": ({ params }) => {
      const link = this.state.links.get(params.id as string);
      // The spec documents this 404 without a body.
      if (!link) return { status: 404 };
      if (!link.deactivated_at) link.deactivated_at = this.state.now();
      return { status: 200 };
    },
  };

  #findByMerchant({ params, query }: StatefulRequest): Reply {
    const status = params.payment_status;
    const candidates = this.state
      .paymentsByMerchant(params.merchant_uid as string)
      .filter((s) => !status || status === "all" || s.payment.status === status);
    const [first] = sortPayments(candidates, str(query.sorting));
    return first ? ok(first) : notFound("존재하지 않는 결제정보입니다.");
  }

  #findAllByMerchant({ params, query }: StatefulRequest): Reply {
    const status = params.payment_status;
    const candidates = this.state
      .paymentsByMerchant(params.merchant_uid as string)
      .filter((s) => !status || status === "all" || s.payment.status === status);
    if (candidates.length === 0) return notFound("존재하지 않는 결제정보입니다.");
    const { pageNumber, limit } = pageArgs(query);
    return ok(page(sortPayments(candidates, str(query.sorting)), pageNumber, limit));
  }

  #customerSchedules({ params, query }: StatefulRequest): Reply {
    const from = num(query.from) ?? 0;
    const to = num(query.to) ?? Number.MAX_SAFE_INTEGER;
    const status = str(query["schedule-status"] ?? query.schedule_status);
    const matching = [...this.state.schedules.values()]
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
  }

  // ── control API (/__mock/…) ────────────────────────────────────────────

  /**
   * Sends a payment's webhook again, on demand: `copies` identical deliveries
   * (a redelivery, or duplicates), optionally claiming an older `status`
   * (out-of-order arrival), to `url` or else to the payment's notice_url.
   */
  redeliver(impUid: string, options: { copies: number; status?: string; url?: string }): Reply {
    const stored = this.#findPayment(impUid);
    if (!stored) return failure(404, `no payment ${impUid}`);
    const urls = options.url ? [options.url] : stored.noticeUrls;
    if (urls.length === 0) return failure(409, `payment ${impUid} has no notice_url; send "url"`);
    const body = WebhookSender.payload(stored.payment, options.status ? { status: options.status } : {});
    for (let i = 0; i < options.copies; i++) this.webhooks.send(urls, body);
    return { status: 200, body: { webhooks: [...this.state.webhooks.values()].slice(-options.copies * urls.length) } };
  }

  /**
   * Cancels a payment as PortOne's admin console would (outside the API):
   * the same rules as `POST /payments/cancel`, and the webhook is always sent.
   */
  consoleCancel(impUid: string, amount: number | undefined, reason: string | undefined): Reply {
    const cancel = this.handlers["POST /payments/cancel"] as Handler;
    const reply = cancel({
      params: {},
      query: {},
      body: { imp_uid: impUid, ...(amount === undefined ? {} : { amount }), reason: reason ?? "관리자 콘솔 취소", enable_webhook: true },
      baseUrl: "",
    });
    const envelope = reply.body as { code: number; message: string | null; response: unknown };
    if (envelope.code === 1 && !this.#findPayment(impUid)) return failure(404, envelope.message ?? "not found");
    if (envelope.code !== 0) return failure(409, envelope.message ?? "refused");
    return reply;
  }

  /** Simulates the buyer's deposit into a virtual account: `ready` → `paid`, webhook sent. */
  deposit(impUid: string, amount: number | undefined): Reply {
    const stored = this.#findPayment(impUid);
    if (stored?.payment.pay_method !== "vbank") return notFound(`no virtual-account payment ${impUid}`);
    const { payment } = stored;
    if (payment.status !== "ready") return failure(409, `the payment is ${payment.status}, not ready`);
    const now = this.state.now();
    if (payment.vbank_date && now > payment.vbank_date) return failure(409, "the deposit deadline (vbank_date) has passed");
    if (amount !== undefined && amount !== payment.amount) return failure(409, `deposits must match the amount (${payment.amount})`);
    payment.status = "paid";
    payment.paid_at = now;
    this.webhooks.send(stored.noticeUrls, WebhookSender.payload(payment));
    return ok(payment);
  }

  linkStatus(link: PaymentLinkState): "active" | "expired" | "deactivated" {
    if (link.deactivated_at) return "deactivated";
    return this.state.now() >= link.expired_at ? "expired" : "active";
  }

  /** Simulates a buyer paying through a payment URL; refused unless the link is active. */
  payLink(id: string, cardNumber: string | undefined): Reply {
    const link = this.state.links.get(id);
    if (!link) return notFound(`no payment URL ${id}`);
    const status = this.linkStatus(link);
    if (status !== "active") return failure(410, `the payment URL is ${status}`);
    const info = link.info;
    const merchantUid = str(info.merchant_uid) ?? `link_${id}`;
    const duplicate = this.#duplicate(merchantUid);
    if (duplicate) return failure(409, duplicate);
    const card = cardNumber ?? "4242-4242-4242-4242";
    const outcome = chargeOutcome(card);
    if (outcome.kind === "refuse") return failure(402, outcome.reason);
    const payment = this.#newPayment({
      merchant_uid: merchantUid,
      amount: num(info.amount) ?? 0,
      ...orderFields(info),
      channel: "pc",
      card_number: maskCard(card),
    });
    this.#settle(payment, outcome.kind === "decline" ? outcome.reason : undefined, this.state.now());
    const noticeUrls = list(info, "notice_url");
    this.state.addPayment({ payment, noticeUrls });
    // Payment URLs report only successful payments, by webhook.
    if (payment.status === "paid") this.webhooks.send(noticeUrls, WebhookSender.payload(payment));
    return ok(payment);
  }
}
