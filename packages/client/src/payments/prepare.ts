import type { IamportClient } from "../client.js";
import { IamportApiError, IamportAuthError } from "../errors.js";
import type { Currency, PaymentPrepare } from "../generated/schemas.js";
import { unwrap } from "../unwrap.js";
import { PrepareConflictError } from "./errors.js";

/** What {@link preparePayment} takes. */
export interface PreparePaymentOptions {
  /** Your order number, the `merchant_uid` you will pass to `IMP.request_pay()`. */
  merchantUid: string;
  /** The amount the browser payment must have. */
  amount: number;
  /** The currency it must have. When omitted, PortOne checks the amount only. */
  currency?: Currency;
  /** Aborts the calls. */
  signal?: AbortSignal;
}

/**
 * Registers the amount a browser payment for `merchantUid` must have
 * (`POST /payments/prepare`, 결제금액 사전등록), so that a page whose amount
 * was tampered with cannot pay less. Call it before `IMP.request_pay()`.
 *
 * Safe to repeat: when PortOne refuses because the order is already
 * registered, the registration is read back (`GET /payments/prepare/{merchant_uid}`)
 * and, if it has the same amount (and currency, when you give one), that is
 * success. So after a network error or a timeout, call it again.
 *
 * Throws {@link PrepareConflictError} (an `IamportApiError`) when the order
 * is registered with another amount or currency, and PortOne's refusal as
 * `IamportApiError` for anything else.
 */
export async function preparePayment(client: Pick<IamportClient, "v1">, options: PreparePaymentOptions): Promise<PaymentPrepare> {
  const { merchantUid, amount, currency, signal } = options;
  if (typeof merchantUid !== "string" || merchantUid === "") throw new TypeError("merchantUid must be a non-empty string");
  if (typeof amount !== "number" || !Number.isFinite(amount) || amount < 0) throw new TypeError("amount must be a finite number ≥ 0");
  const body = currency === undefined ? { merchant_uid: merchantUid, amount } : { merchant_uid: merchantUid, amount, currency };
  try {
    return await unwrap(client.v1.POST("/payments/prepare", { body, signal }));
  } catch (error) {
    if (!(error instanceof IamportApiError) || error instanceof IamportAuthError || error.status === 401) throw error;
    // Maybe already registered: what is?
    const registered = await unwrap(
      client.v1.GET("/payments/prepare/{merchant_uid}", { params: { path: { merchant_uid: merchantUid } }, signal }),
    ).catch(() => undefined);
    if (!registered) throw error;
    if (registered.amount === amount && (currency === undefined || registered.currency === currency)) return registered;
    throw new PrepareConflictError(
      error,
      merchantUid,
      { amount: registered.amount, currency: registered.currency ?? null },
      { amount, currency: currency ?? null },
    );
  }
}
