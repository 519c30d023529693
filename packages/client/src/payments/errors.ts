import { IamportApiError, IamportError, type OperationRef } from "../errors.js";
import type { Currency, PaymentStatus } from "../generated/schemas.js";

/** The call whose answer {@link PaymentVerificationError} is about. */
const GET_PAYMENT: OperationRef = { method: "GET", path: "/payments/{imp_uid}" };
/** Where a webhook arrives: your `notice_url`. */
const NOTICE_URL: OperationRef = { method: "POST", path: "notice_url" };

/**
 * Why a payment did not verify, with what your order expected and what
 * PortOne has. Checked in this order: `merchant_uid_mismatch`,
 * `amount_mismatch`, `currency_mismatch`, then the status.
 */
export type PaymentVerificationFailure =
  /** The payment belongs to another order (e.g. a cheap order's `imp_uid` replayed for an expensive one). */
  | { reason: "merchant_uid_mismatch"; expected: string; actual: string }
  /** The amount charged (before any cancellation) is not the order's. */
  | { reason: "amount_mismatch"; expected: number; actual: number }
  /** The payment's currency is not the order's (`KRW` unless you said otherwise). */
  | { reason: "currency_mismatch"; expected: Currency; actual: Currency }
  /** Not approved yet: a browser payment that was started but not completed (`ready`), or an unknown status. */
  | { reason: "not_paid"; expected: "paid"; actual: PaymentStatus }
  /** A virtual account (가상계좌) was issued and waits for the deposit; accepted only with `allowVirtualAccountReady`. */
  | { reason: "awaiting_deposit"; expected: "paid"; actual: "ready" }
  /** Declined or failed; `failReason` is PortOne's `fail_reason`. */
  | { reason: "failed"; expected: "paid"; actual: "failed"; failReason: string | null }
  /** Cancelled in full (or a virtual account revoked). Never accepted. */
  | { reason: "cancelled"; expected: "paid"; actual: "cancelled"; cancelAmount: number }
  /** Paid, but part of it was refunded (`cancel_amount` > 0); accepted only with `allowPartialCancellation`. */
  | { reason: "partially_cancelled"; expected: 0; actual: number };

/** One of the {@link PaymentVerificationFailure} reasons. */
export type PaymentVerificationReason = PaymentVerificationFailure["reason"];

/**
 * A payment that PortOne reports differently from your order. Its `reason`
 * discriminates `expected` and `actual`:
 *
 * ```ts
 * if (error instanceof PaymentVerificationError && error.reason === "amount_mismatch") error.actual; // number
 * ```
 *
 * It holds no payment data beyond the compared values, the `imp_uid` and
 * the status: no buyer, no card, no token.
 */
export type PaymentVerificationError = IamportError & {
  readonly name: "PaymentVerificationError";
  /** The payment that was checked. */
  readonly impUid: string;
  /** Its status as PortOne reported it. */
  readonly status: PaymentStatus;
} & Readonly<PaymentVerificationFailure>;

const show = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : String(value));

class VerificationError extends IamportError {
  override readonly name: string = "PaymentVerificationError";

  constructor(impUid: string, status: PaymentStatus, failure: PaymentVerificationFailure) {
    super(
      GET_PAYMENT,
      `payment ${impUid} does not verify, ${failure.reason}: expected ${show(failure.expected)}, actual ${show(failure.actual)}`,
    );
    Object.assign(this, { impUid, status }, failure);
  }
}

/**
 * The class of {@link PaymentVerificationError}s. `instanceof` narrows to
 * the discriminated union, so `reason` then narrows `expected` and `actual`.
 */
export const PaymentVerificationError = VerificationError as unknown as {
  new (impUid: string, status: PaymentStatus, failure: PaymentVerificationFailure): PaymentVerificationError;
  readonly prototype: PaymentVerificationError;
};

/** What was wrong with a webhook body. */
export type WebhookParseReason =
  /** Not a string, object, `URLSearchParams`, `FormData` or bytes. */
  | "unsupported_body"
  /** Longer than 65,536 characters (a real notice is about 100). */
  | "too_large"
  /** A string that looks like JSON but does not parse, or bytes that are not UTF-8. */
  | "invalid_json"
  /** Parsed, but not a JSON object (an array, `null`, a number, …). */
  | "not_an_object"
  /** A required field (`imp_uid`, `merchant_uid`, `status`) is absent. */
  | "missing_field"
  /** A field has the wrong type, length or value, or appears twice in a form body. */
  | "invalid_field"
  /** Reading the body threw (a getter or a proxy that throws). */
  | "unreadable";

/** The fields of a payment notice. */
export type WebhookField = "imp_uid" | "merchant_uid" | "status" | "customer_uid";

/**
 * The body posted to your `notice_url` is not a payment notice. Answer it
 * with HTTP 400. The message names the problem and the field, never the
 * values sent.
 */
export class WebhookParseError extends IamportError {
  override readonly name: string = "WebhookParseError";
  declare readonly reason: WebhookParseReason;
  /** The field at fault, for `missing_field` and `invalid_field`. */
  declare readonly field: WebhookField | undefined;

  constructor(reason: WebhookParseReason, message: string, field?: WebhookField) {
    super(NOTICE_URL, `not a payment notice (${reason}): ${message}`);
    this.reason = reason;
    this.field = field;
  }
}

/** An amount as registered, or as asked for. */
export interface PreparedAmount {
  amount: number;
  currency: Currency | null;
}

/**
 * `merchant_uid` is already registered (결제금액 사전등록) with another amount
 * or currency. It is the {@link IamportApiError} of PortOne's refusal, plus
 * what is registered and what you asked for. To change the amount on
 * purpose, call `PUT /payments/prepare`.
 */
export class PrepareConflictError extends IamportApiError {
  override readonly name: string = "PrepareConflictError";
  declare readonly merchantUid: string;
  declare readonly registered: PreparedAmount;
  declare readonly requested: PreparedAmount;

  constructor(refused: IamportApiError, merchantUid: string, registered: PreparedAmount, requested: PreparedAmount) {
    super(refused.operation, refused.status, refused.code, refused.apiMessage);
    this.message += ` (merchant_uid ${JSON.stringify(merchantUid)} is registered with ${registered.amount} ${registered.currency ?? "(any currency)"}, requested ${requested.amount} ${requested.currency ?? "(any currency)"})`;
    this.merchantUid = merchantUid;
    this.registered = registered;
    this.requested = requested;
  }
}
