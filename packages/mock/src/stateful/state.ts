import { randomBytes } from "node:crypto";
import { BoundedMap, MockClock } from "./bounded.js";

/** A payment exactly as the API returns it (every key present, `null` where unknown). */
export interface Payment {
  imp_uid: string;
  merchant_uid: string;
  pay_method: string;
  channel: "api" | "pc" | "mobile";
  pg_provider: string;
  emb_pg_provider: null;
  pg_tid: string;
  pg_id: string;
  sandbox: boolean;
  escrow: boolean;
  apply_num: string | null;
  bank_code: null;
  bank_name: null;
  card_code: string | null;
  card_name: string | null;
  card_issuer_code: string | null;
  card_issuer_name: string | null;
  card_publisher_code: string | null;
  card_publisher_name: string | null;
  card_quota: number | null;
  card_number: string | null;
  card_type: 0 | 1 | null;
  vbank_code: string | null;
  vbank_name: string | null;
  vbank_num: string | null;
  vbank_holder: string | null;
  vbank_date: number | null;
  vbank_issued_at: number | null;
  name: string | null;
  amount: number;
  cancel_amount: number;
  currency: string;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  custom_data: string | null;
  user_agent: string;
  status: "ready" | "paid" | "cancelled" | "failed";
  started_at: number;
  paid_at: number;
  failed_at: number;
  cancelled_at: number;
  fail_reason: string | null;
  cancel_reason: string | null;
  receipt_url: string | null;
  cancel_history: CancelHistory[];
  deposit_history: null;
  cancel_receipt_urls: string[];
  cash_receipt_issued: boolean;
  customer_uid: string | null;
  customer_uid_usage: "issue" | "payment" | "payment.scheduled" | null;
  promotion: null;
}

export interface CancelHistory {
  pg_tid: string;
  amount: number;
  cancelled_at: number;
  reason: string | null;
  receipt_url: string | null;
  cancellation_id: string;
}

export interface StoredPayment {
  payment: Payment;
  /** Webhook URLs given with the request that created the payment. */
  noticeUrls: string[];
}

/** A billing key (빌링키) as the API returns it. */
export interface BillingKey {
  customer_uid: string;
  pg_provider: string;
  pg_id: string;
  sandbox: boolean;
  customer_id: string | null;
  card_name: string;
  card_code: string;
  card_issuer_code: string | null;
  card_issuer_name: string | null;
  card_publisher_code: string | null;
  card_publisher_name: string | null;
  card_number: string;
  card_type: 0 | 1 | null;
  customer_name: string | null;
  customer_tel: string | null;
  customer_email: string | null;
  customer_addr: string | null;
  customer_postcode: string | null;
  inserted: number;
  updated: number;
}

export interface StoredBillingKey {
  key: BillingKey;
  /** Decline reason for every charge, for magic card `…0341`; never returned. */
  chargesDecline: string | undefined;
}

/** A scheduled payment (결제예약) as the API returns it. */
export interface Schedule {
  customer_uid: string;
  merchant_uid: string;
  imp_uid: string | null;
  pg_provider: string;
  pg_id: string;
  customer_id: string | null;
  schedule_at: number;
  executed_at: number;
  revoked_at: number;
  amount: number;
  currency: string;
  name: string | null;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  custom_data: string | null;
  schedule_status: "scheduled" | "executed" | "revoked";
  payment_status: "paid" | "failed" | null;
  fail_reason: string | null;
}

export interface StoredSchedule {
  schedule: Schedule;
  noticeUrls: string[];
  cardQuota: number | null;
}

/** `Certification` of the spec: an identity verification, `certified` once its OTP is confirmed. */
export interface Certification {
  imp_uid: string;
  merchant_uid: string | null;
  pg_tid: string | null;
  pg_provider: string;
  name: string | null;
  gender: "male" | "female" | null;
  birthday: string | null;
  foreigner: boolean;
  foreigner_v2: boolean | null;
  phone: string | null;
  carrier: string | null;
  certified: boolean;
  certified_at: number;
  unique_key: string | null;
  unique_in_site: string | null;
  origin: string | null;
}

/** `Receipt` of the spec: a payment's cash receipt, its amount the payment's. */
export interface CashReceipt {
  imp_uid: string;
  receipt_tid: string | null;
  apply_num: string;
  type: string;
  amount: number;
  vat: number;
  receipt_url: string | null;
  applied_at: number;
  cancelled_at: number;
}

export interface PaymentLinkState {
  id: string;
  info: Record<string, unknown>;
  expired_at: number;
  created_at: number;
  deactivated_at: number;
}

export interface WebhookRecord {
  id: number;
  url: string;
  body: Record<string, unknown>;
  created_at: number;
  /** `refused`: the host is not loopback and not allowed; nothing was sent. */
  delivery: "pending" | "delivered" | "failed" | "refused";
  response_status: number | null;
  error: string | null;
}

export interface StateLimits {
  /** Most records kept per collection (payments, prepares, billing keys, schedules, links, tokens). */
  maxRecords: number;
  /** Most webhook deliveries remembered. */
  maxWebhooks: number;
}

/** Hands out imp_uid numbers; one is shared by every merchant, since PortOne's imp_uids are unique across merchants. */
export class ImpUidSequence {
  #last = 0;
  next(): string {
    this.#last++;
    return `imp_${String(100_000_000_000 + this.#last)}`;
  }
}

export const DEFAULT_LIMITS: StateLimits = { maxRecords: 10_000, maxWebhooks: 1_000 };

/**
 * Everything the stateful mock remembers, in memory, per server. Every
 * collection is a `BoundedMap`: past its capacity the oldest record goes.
 */
export class MockState {
  readonly clock = new MockClock();
  readonly limits: StateLimits;
  readonly tokens: BoundedMap<string, { expiredAt: number }>;
  current: { token: string; expiredAt: number } | undefined;
  readonly prepares: BoundedMap<string, { merchant_uid: string; amount: number; currency: string | null }>;
  readonly payments: BoundedMap<string, StoredPayment>;
  /** merchant_uid → imp_uids, oldest first; kept in step with `payments`. */
  readonly byMerchant = new Map<string, string[]>();
  readonly billingKeys: BoundedMap<string, StoredBillingKey>;
  readonly schedules: BoundedMap<string, StoredSchedule>;
  readonly links: BoundedMap<string, PaymentLinkState>;
  /** Identity verifications by SMS OTP (본인인증), by imp_uid. */
  readonly certifications: BoundedMap<string, Certification>;
  /** Cash receipts (현금영수증) of payments, by the payment's imp_uid. */
  readonly receipts: BoundedMap<string, CashReceipt>;
  readonly webhooks: BoundedMap<number, WebhookRecord>;
  readonly #impUids: ImpUidSequence;
  #webhookSequence = 0;

  constructor(limits: Partial<StateLimits> = {}, impUids: ImpUidSequence = new ImpUidSequence()) {
    this.#impUids = impUids;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    const cap = this.limits.maxRecords;
    this.tokens = new BoundedMap(cap);
    this.prepares = new BoundedMap(cap);
    this.payments = new BoundedMap(cap, (impUid, stored) => this.#unindex(impUid, stored.payment.merchant_uid));
    this.billingKeys = new BoundedMap(cap);
    this.schedules = new BoundedMap(cap);
    this.links = new BoundedMap(cap);
    this.certifications = new BoundedMap(cap);
    this.receipts = new BoundedMap(cap);
    this.webhooks = new BoundedMap(this.limits.maxWebhooks);
  }

  now(): number {
    return this.clock.now();
  }

  reset(): void {
    this.tokens.clear();
    this.current = undefined;
    this.prepares.clear();
    this.payments.clear();
    this.byMerchant.clear();
    this.billingKeys.clear();
    this.schedules.clear();
    this.links.clear();
    this.certifications.clear();
    this.receipts.clear();
    this.webhooks.clear();
    this.clock.reset();
  }

  newImpUid(): string {
    return this.#impUids.next();
  }

  nextWebhookId(): number {
    return ++this.#webhookSequence;
  }

  addPayment(stored: StoredPayment): void {
    const { imp_uid, merchant_uid } = stored.payment;
    this.payments.set(imp_uid, stored);
    const list = this.byMerchant.get(merchant_uid) ?? [];
    list.push(imp_uid);
    this.byMerchant.set(merchant_uid, list);
  }

  /** Payments with this merchant_uid, newest first. */
  paymentsByMerchant(merchantUid: string): StoredPayment[] {
    const ids = this.byMerchant.get(merchantUid) ?? [];
    const out: StoredPayment[] = [];
    for (let i = ids.length - 1; i >= 0; i--) {
      const stored = this.payments.get(ids[i] as string);
      if (stored) out.push(stored);
    }
    return out;
  }

  #unindex(impUid: string, merchantUid: string): void {
    const list = this.byMerchant.get(merchantUid);
    if (!list) return;
    const rest = list.filter((id) => id !== impUid);
    if (rest.length === 0) this.byMerchant.delete(merchantUid);
    else this.byMerchant.set(merchantUid, rest);
  }

  stats() {
    return {
      payments: this.payments.size,
      prepares: this.prepares.size,
      billing_keys: this.billingKeys.size,
      schedules: this.schedules.size,
      links: this.links.size,
      tokens: this.tokens.size,
      webhooks: this.webhooks.size,
      evicted:
        this.payments.evicted +
        this.prepares.evicted +
        this.billingKeys.evicted +
        this.schedules.evicted +
        this.links.evicted +
        this.tokens.evicted +
        this.webhooks.evicted,
      max_records: this.limits.maxRecords,
      max_webhooks: this.limits.maxWebhooks,
    };
  }
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

export function randomDigits(count: number): string {
  let out = "";
  const bytes = randomBytes(count);
  for (const b of bytes) out += String(b % 10);
  return out;
}
