import type { IamportClient } from "../client.js";
import type { Currency, Payment } from "../generated/schemas.js";
import { unwrap } from "../unwrap.js";
import { PaymentVerificationError, type PaymentVerificationFailure } from "./errors.js";

/** Your order, as your database has it: what the payment must match. */
export interface ExpectedOrder {
  /** Your order number, the `merchant_uid` you gave PortOne. */
  merchantUid: string;
  /** The order's total, in the currency's unit (whole won for KRW). */
  amount: number;
  /** Default `KRW`: a payment in another currency never verifies against a won amount. */
  currency?: Currency;
}

/** Which states besides a fully paid, never-refunded payment count as verified. */
export interface VerifyOptions {
  /**
   * Accept a virtual account (가상계좌) that was issued and waits for the
   * deposit (`status: "ready"`, `pay_method: "vbank"`). Default `false`.
   * Services that confirm the order at issue time (and ship on the deposit
   * webhook) turn it on; the result then has the account to show the buyer.
   */
  allowVirtualAccountReady?: boolean;
  /**
   * Accept a paid payment that was partly refunded (`cancel_amount` > 0,
   * still `status: "paid"`). Default `false`: a fresh payment is never
   * partly refunded, so seeing one means your order is out of date. Turn it
   * on when you re-verify old orders. `amount` is still compared with the
   * original total; read `cancel_amount` for what was refunded.
   */
  allowPartialCancellation?: boolean;
}

/** A payment PortOne approved and that matches your order. */
export type PaidPayment = Payment & { status: "paid" };

/** An issued virtual account waiting for the deposit, with the account to show the buyer. */
export type VirtualAccountReadyPayment = Payment & {
  status: "ready";
  pay_method: "vbank";
  vbank_num: string;
  vbank_code: string;
  vbank_name: string;
  /** Deposit deadline, UNIX seconds. */
  vbank_date: number;
};

/** A payment that matches your order: paid, or a virtual account waiting for the deposit (when allowed). */
export type VerifiedPayment = PaidPayment | VirtualAccountReadyPayment;

/** What a verification with options `O` returns: {@link PaidPayment} unless `allowVirtualAccountReady` may be true. */
export type VerifiedPaymentFor<O> = "allowVirtualAccountReady" extends keyof O
  ? true extends O["allowVirtualAccountReady" & keyof O]
    ? VerifiedPayment
    : PaidPayment
  : PaidPayment;

/** What {@link verifyPayment} takes. */
export interface VerifyPaymentOptions extends VerifyOptions {
  /** The `imp_uid` the browser (or the webhook) gave you. */
  impUid: string;
  /** Your order. */
  expected: ExpectedOrder;
  /** Aborts the lookup. */
  signal?: AbortSignal;
}

function assertOrder(expected: ExpectedOrder): void {
  const { merchantUid, amount, currency } = expected ?? {};
  if (typeof merchantUid !== "string" || merchantUid === "") throw new TypeError("expected.merchantUid must be a non-empty string");
  // Amounts read from a database as strings ("10000") would never match: say so instead of reporting a mismatch.
  if (typeof amount !== "number" || !Number.isFinite(amount) || amount < 0)
    throw new TypeError("expected.amount must be a finite number ≥ 0");
  if (currency !== undefined && typeof currency !== "string") throw new TypeError("expected.currency must be a currency code");
}

/**
 * Checks a payment you already fetched from PortOne against your order, and
 * returns it narrowed, or throws {@link PaymentVerificationError}. Use it
 * when you have the payment (e.g. in a webhook handler: `event.verify()`);
 * otherwise call {@link verifyPayment}.
 *
 * Never pass a payment built from what the browser or a webhook body says:
 * only what `GET /payments/{imp_uid}` returned.
 */
export function checkPayment<const O extends VerifyOptions = Record<never, never>>(
  payment: Payment,
  expected: ExpectedOrder,
  options?: O,
): VerifiedPaymentFor<O> {
  assertOrder(expected);
  const fail = (failure: PaymentVerificationFailure): never => {
    throw new PaymentVerificationError(payment.imp_uid, payment.status, failure);
  };
  const currency = expected.currency ?? "KRW";
  if (payment.merchant_uid !== expected.merchantUid)
    fail({ reason: "merchant_uid_mismatch", expected: expected.merchantUid, actual: payment.merchant_uid });
  if (payment.amount !== expected.amount) fail({ reason: "amount_mismatch", expected: expected.amount, actual: payment.amount });
  if (payment.currency !== currency) fail({ reason: "currency_mismatch", expected: currency, actual: payment.currency });
  switch (payment.status) {
    case "paid":
      if (payment.cancel_amount > 0 && !options?.allowPartialCancellation)
        fail({ reason: "partially_cancelled", expected: 0, actual: payment.cancel_amount });
      break;
    case "ready":
      if (payment.pay_method !== "vbank" || !payment.vbank_num) fail({ reason: "not_paid", expected: "paid", actual: payment.status });
      if (!options?.allowVirtualAccountReady) fail({ reason: "awaiting_deposit", expected: "paid", actual: "ready" });
      break;
    case "failed":
      fail({ reason: "failed", expected: "paid", actual: "failed", failReason: payment.fail_reason ?? null });
      break;
    case "cancelled":
      fail({ reason: "cancelled", expected: "paid", actual: "cancelled", cancelAmount: payment.cancel_amount });
      break;
    default:
      // A status this version does not know: not something to ship an order on.
      fail({ reason: "not_paid", expected: "paid", actual: payment.status });
  }
  return payment as VerifiedPaymentFor<O>;
}

/**
 * Fetches the payment (`GET /payments/{imp_uid}`) and checks it against your
 * order: same `merchant_uid`, amount and currency, and `status: "paid"`
 * (or, with `allowVirtualAccountReady`, an issued virtual account). Mark the
 * order paid only when this resolves.
 *
 * ```ts
 * const payment = await verifyPayment(portone, { impUid, expected: { merchantUid: order.id, amount: order.total } });
 * payment.status; // "paid"
 * ```
 *
 * Throws {@link PaymentVerificationError} when PortOne's payment differs
 * from the order, `IamportApiError` when PortOne refuses the lookup (status
 * 404: no such `imp_uid`), and `TypeError` for an `expected` that could
 * never match (e.g. an amount passed as a string).
 */
export async function verifyPayment<const O extends VerifyPaymentOptions>(
  client: Pick<IamportClient, "v1">,
  options: O,
): Promise<VerifiedPaymentFor<O>> {
  const { impUid, expected, signal } = options;
  if (typeof impUid !== "string" || impUid === "") throw new TypeError("impUid must be a non-empty string");
  assertOrder(expected);
  const payment = await unwrap(client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: impUid } }, signal }));
  return checkPayment(payment, expected, options);
}
