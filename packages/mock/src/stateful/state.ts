import { randomBytes } from "node:crypto";
import { BoundedMap, MockClock } from "./bounded.js";
import type { BillingKey, CashReceipt, Certification, Payment, PreparedPayment, Schedule } from "./records.js";

export interface StoredPayment {
  payment: Payment;
  /** Webhook URLs given with the request that created the payment. */
  noticeUrls: string[];
}

export interface StoredBillingKey {
  key: BillingKey;
  /** Decline reason for every charge, for magic card `…0341`; never returned. */
  chargesDecline: string | undefined;
}

export interface StoredSchedule {
  schedule: Schedule;
  noticeUrls: string[];
  cardQuota: number | null;
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
  readonly prepares: BoundedMap<string, PreparedPayment>;
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
