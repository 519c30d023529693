import { describe, expectTypeOf, it } from "vitest";
import type { IamportClient, Payment } from "../../src/index.js";
import {
  checkPayment,
  handleWebhook,
  type PaidPayment,
  PaymentVerificationError,
  type PaymentVerificationReason,
  PrepareConflictError,
  parseWebhook,
  type VerifiedPayment,
  verifyPayment,
  WebhookParseError,
} from "../../src/payments/index.js";
import type { Currency, PaymentStatus, PaymentWebhook, VirtualAccountReadyPayment } from "../../src/types.js";

// Checked by tsc (`pnpm typecheck`); the functions below are never called.
// Each `@ts-expect-error` fails the type-check if its line stops being an error.

async function narrowing(client: IamportClient, flag: boolean) {
  const expected = { merchantUid: "order_1", amount: 1000 };

  const paid = await verifyPayment(client, { impUid: "imp_1", expected });
  expectTypeOf(paid).toEqualTypeOf<PaidPayment>();
  expectTypeOf(paid.status).toEqualTypeOf<"paid">();

  const refused = await verifyPayment(client, { impUid: "imp_1", expected, allowVirtualAccountReady: false });
  expectTypeOf(refused.status).toEqualTypeOf<"paid">();

  const either = await verifyPayment(client, { impUid: "imp_1", expected, allowVirtualAccountReady: true });
  expectTypeOf(either).toEqualTypeOf<VerifiedPayment>();
  expectTypeOf(either.status).toEqualTypeOf<"paid" | "ready">();
  if (either.status === "ready") {
    expectTypeOf(either).toEqualTypeOf<VirtualAccountReadyPayment>();
    expectTypeOf(either.vbank_num).toEqualTypeOf<string>();
    expectTypeOf(either.vbank_date).toEqualTypeOf<number>();
    expectTypeOf(either.pay_method).toEqualTypeOf<"vbank">();
  }
  // A flag only known at run time may let a virtual account through: the type says so.
  const maybe = await verifyPayment(client, { impUid: "imp_1", expected, allowVirtualAccountReady: flag });
  expectTypeOf(maybe.status).toEqualTypeOf<"paid" | "ready">();

  const payment = {} as Payment;
  expectTypeOf(checkPayment(payment, expected).status).toEqualTypeOf<"paid">();
  expectTypeOf(checkPayment(payment, expected, { allowVirtualAccountReady: true }).status).toEqualTypeOf<"paid" | "ready">();

  await handleWebhook(client, "{}", (event) => {
    expectTypeOf(event.status).toEqualTypeOf<PaymentStatus>();
    expectTypeOf(event.dedupeKey).toEqualTypeOf<string>();
    expectTypeOf(event.verify(expected).status).toEqualTypeOf<"paid">();
    expectTypeOf(event.verify(expected, { allowVirtualAccountReady: true }).status).toEqualTypeOf<"paid" | "ready">();
  });
  const answer = await handleWebhook(client, "{}", async () => 42);
  expectTypeOf(answer).toEqualTypeOf<number>();
  expectTypeOf(parseWebhook).returns.toEqualTypeOf<PaymentWebhook>();

  // @ts-expect-error the amount is a number
  await verifyPayment(client, { impUid: "imp_1", expected: { merchantUid: "order_1", amount: "1000" } });
  // @ts-expect-error the currency is one of PortOne's codes
  await verifyPayment(client, { impUid: "imp_1", expected: { ...expected, currency: "WON" } });
  // @ts-expect-error impUid is required
  await verifyPayment(client, { expected });
}

function errors(error: unknown) {
  if (error instanceof PaymentVerificationError) {
    expectTypeOf(error.reason).toEqualTypeOf<PaymentVerificationReason>();
    expectTypeOf(error.impUid).toEqualTypeOf<string>();
    // The reason discriminates what was expected and what PortOne has.
    switch (error.reason) {
      case "amount_mismatch":
      case "partially_cancelled":
        expectTypeOf(error.actual).toEqualTypeOf<number>();
        break;
      case "merchant_uid_mismatch":
        expectTypeOf(error.expected).toEqualTypeOf<string>();
        break;
      case "currency_mismatch":
        expectTypeOf(error.actual).toEqualTypeOf<Currency>();
        break;
      case "failed":
        expectTypeOf(error.failReason).toEqualTypeOf<string | null>();
        expectTypeOf(error.actual).toEqualTypeOf<"failed">();
        break;
      case "cancelled":
        expectTypeOf(error.cancelAmount).toEqualTypeOf<number>();
        break;
      case "awaiting_deposit":
        expectTypeOf(error.actual).toEqualTypeOf<"ready">();
        break;
      case "not_paid":
        expectTypeOf(error.actual).toEqualTypeOf<PaymentStatus>();
        break;
      default:
        expectTypeOf(error).toBeNever();
    }
    // @ts-expect-error failReason exists only for the reason "failed"
    void error.failReason;
  }
  if (error instanceof WebhookParseError)
    expectTypeOf(error.field).toEqualTypeOf<"imp_uid" | "merchant_uid" | "status" | "customer_uid" | undefined>();
  if (error instanceof PrepareConflictError) {
    expectTypeOf(error.registered.amount).toEqualTypeOf<number>();
    expectTypeOf(error.code).toEqualTypeOf<number | undefined>();
  }
}

describe("payment helper types", () => {
  it("narrow the verified payment and discriminate verification failures (checked by tsc)", () => {
    expectTypeOf(narrowing).toBeFunction();
    expectTypeOf(errors).toBeFunction();
    expectTypeOf<PaymentVerificationReason>().toEqualTypeOf<
      | "merchant_uid_mismatch"
      | "amount_mismatch"
      | "currency_mismatch"
      | "not_paid"
      | "awaiting_deposit"
      | "failed"
      | "cancelled"
      | "partially_cancelled"
    >();
  });
});
