import { IamportApiError, IamportError } from "@iamport-contract/client";
import { checkPayment, PaymentVerificationError, verifyPayment } from "@iamport-contract/client/payments";
import type { PaymentVerificationFailure } from "@iamport-contract/client/types";
import { errorLog, errorTexts } from "@iamport-contract/test-support/error-log";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_SECRET, BUYER_EMAIL, CARD_DECLINED, CARD_OK, type StatefulMock, startStatefulMock } from "./stateful-mock.js";

let mock: StatefulMock;
const log = errorLog();
beforeAll(async () => {
  mock = await startStatefulMock();
});
afterAll(async () => {
  log.secrets
    .add(API_SECRET)
    .add(await mock.client.auth.getAccessToken())
    .add(CARD_OK)
    .add(BUYER_EMAIL);
  log.assertNoSecrets();
  await mock.close();
});

/** Verifies and expects a PaymentVerificationError with this failure. */
async function expectFailure(promise: Promise<unknown>, failure: PaymentVerificationFailure): Promise<PaymentVerificationError> {
  const error = await log.rejection(promise);
  expect(error).toBeInstanceOf(PaymentVerificationError);
  expect(error).toBeInstanceOf(IamportError);
  expect(error).toMatchObject(failure);
  const verificationError = error as PaymentVerificationError;
  expect(verificationError.name).toBe("PaymentVerificationError");
  expect(verificationError.message).toContain(failure.reason);
  // What differs is spelled out in every serialisation.
  expect(JSON.parse(JSON.stringify(error))).toMatchObject({ ...failure, name: "PaymentVerificationError" });
  return verificationError;
}

describe("verifyPayment against the stateful mock", () => {
  it("returns a paid payment that matches the order", async () => {
    const merchantUid = mock.orderId("ok");
    const paid = await mock.pay(merchantUid, 10_000);
    const payment = await verifyPayment(mock.client, { impUid: paid.imp_uid, expected: { merchantUid, amount: 10_000 } });
    expect(payment).toMatchObject({ imp_uid: paid.imp_uid, merchant_uid: merchantUid, amount: 10_000, currency: "KRW", status: "paid" });
  });

  it("refuses another amount (amount_mismatch)", async () => {
    const merchantUid = mock.orderId("amount");
    const paid = await mock.pay(merchantUid, 100);
    const error = await expectFailure(verifyPayment(mock.client, { impUid: paid.imp_uid, expected: { merchantUid, amount: 10_000 } }), {
      reason: "amount_mismatch",
      expected: 10_000,
      actual: 100,
    });
    expect(error.impUid).toBe(paid.imp_uid);
    expect(error.status).toBe("paid");
    expect(error.message).toMatch(/expected 10000, actual 100$/);
  });

  it("refuses a payment of another order (merchant_uid_mismatch), even a paid one of the right amount", async () => {
    const cheap = await mock.pay(mock.orderId("cheap"), 10_000);
    const merchantUid = mock.orderId("expensive");
    await expectFailure(verifyPayment(mock.client, { impUid: cheap.imp_uid, expected: { merchantUid, amount: 10_000 } }), {
      reason: "merchant_uid_mismatch",
      expected: merchantUid,
      actual: cheap.merchant_uid,
    });
  });

  it("refuses another currency (currency_mismatch); KRW unless the order says otherwise", async () => {
    const merchantUid = mock.orderId("currency");
    const paid = await mock.pay(merchantUid, 10_000, { currency: "VND" });
    await expectFailure(verifyPayment(mock.client, { impUid: paid.imp_uid, expected: { merchantUid, amount: 10_000 } }), {
      reason: "currency_mismatch",
      expected: "KRW",
      actual: "VND",
    });
    await expectFailure(verifyPayment(mock.client, { impUid: paid.imp_uid, expected: { merchantUid, amount: 10_000, currency: "USD" } }), {
      reason: "currency_mismatch",
      expected: "USD",
      actual: "VND",
    });
    const payment = await verifyPayment(mock.client, { impUid: paid.imp_uid, expected: { merchantUid, amount: 10_000, currency: "VND" } });
    expect(payment.currency).toBe("VND");
  });

  it("refuses a declined payment (failed) with PortOne's reason", async () => {
    const merchantUid = mock.orderId("declined");
    const declined = await mock.pay(merchantUid, 5_000, { card: CARD_DECLINED });
    expect(declined.status).toBe("failed");
    const error = await expectFailure(verifyPayment(mock.client, { impUid: declined.imp_uid, expected: { merchantUid, amount: 5_000 } }), {
      reason: "failed",
      expected: "paid",
      actual: "failed",
      failReason: declined.fail_reason ?? null,
    });
    expect(error.reason === "failed" && error.failReason).toBeTruthy();
  });

  it("refuses a cancelled payment (cancelled), whatever the options", async () => {
    const merchantUid = mock.orderId("cancelled");
    const paid = await mock.pay(merchantUid, 8_000);
    await mock.cancel(paid.imp_uid);
    for (const options of [{}, { allowPartialCancellation: true, allowVirtualAccountReady: true }]) {
      await expectFailure(verifyPayment(mock.client, { impUid: paid.imp_uid, expected: { merchantUid, amount: 8_000 }, ...options }), {
        reason: "cancelled",
        expected: "paid",
        actual: "cancelled",
        cancelAmount: 8_000,
      });
    }
  });

  it("refuses a partly refunded payment by default (partially_cancelled), accepts it with allowPartialCancellation", async () => {
    const merchantUid = mock.orderId("partial");
    const paid = await mock.pay(merchantUid, 10_000);
    const cancelled = await mock.cancel(paid.imp_uid, 3_000);
    expect(cancelled).toMatchObject({ status: "paid", cancel_amount: 3_000 });
    await expectFailure(verifyPayment(mock.client, { impUid: paid.imp_uid, expected: { merchantUid, amount: 10_000 } }), {
      reason: "partially_cancelled",
      expected: 0,
      actual: 3_000,
    });
    const payment = await verifyPayment(mock.client, {
      impUid: paid.imp_uid,
      expected: { merchantUid, amount: 10_000 },
      allowPartialCancellation: true,
    });
    expect(payment).toMatchObject({ status: "paid", amount: 10_000, cancel_amount: 3_000 });
    // The amount is still the original total: the refunded remainder does not verify.
    await expectFailure(
      verifyPayment(mock.client, { impUid: paid.imp_uid, expected: { merchantUid, amount: 7_000 }, allowPartialCancellation: true }),
      { reason: "amount_mismatch", expected: 7_000, actual: 10_000 },
    );
  });

  it("refuses an issued virtual account by default (awaiting_deposit), accepts it when allowed, and verifies it once paid", async () => {
    const merchantUid = mock.orderId("vbank");
    const issued = await mock.issueVbank(merchantUid, 30_000);
    const expected = { merchantUid, amount: 30_000 };
    await expectFailure(verifyPayment(mock.client, { impUid: issued.imp_uid, expected }), {
      reason: "awaiting_deposit",
      expected: "paid",
      actual: "ready",
    });
    const ready = await verifyPayment(mock.client, { impUid: issued.imp_uid, expected, allowVirtualAccountReady: true });
    expect(ready.status).toBe("ready");
    if (ready.status === "ready") {
      expect(ready.pay_method).toBe("vbank");
      expect(ready.vbank_num).toBe(issued.vbank_num);
      expect(ready.vbank_date).toBeGreaterThan(0);
    }
    await mock.deposit(issued.imp_uid);
    const paid = await verifyPayment(mock.client, { impUid: issued.imp_uid, expected });
    expect(paid).toMatchObject({ status: "paid", pay_method: "vbank" });
  });

  it("refuses a started but unfinished browser payment (not_paid), even with allowVirtualAccountReady", async () => {
    // The mock opens no payment window, so no card payment is ever `ready` there: take a real
    // `ready` payment from the mock and make it what an abandoned payment window leaves.
    const merchantUid = mock.orderId("abandoned");
    const issued = await mock.issueVbank(merchantUid, 4_000);
    const abandoned = { ...issued, pay_method: "card", vbank_code: null, vbank_name: null, vbank_num: null, vbank_date: null };
    for (const options of [{}, { allowVirtualAccountReady: true }]) {
      await expectFailure(
        Promise.resolve().then(() => checkPayment(abandoned, { merchantUid, amount: 4_000 }, options)),
        {
          reason: "not_paid",
          expected: "paid",
          actual: "ready",
        },
      );
    }
  });

  it("checks the order before the status: a declined payment of another amount is an amount_mismatch", async () => {
    const merchantUid = mock.orderId("both");
    const declined = await mock.pay(merchantUid, 5_000, { card: CARD_DECLINED });
    await expectFailure(verifyPayment(mock.client, { impUid: declined.imp_uid, expected: { merchantUid, amount: 50_000 } }), {
      reason: "amount_mismatch",
      expected: 50_000,
      actual: 5_000,
    });
  });

  it("reports an unknown imp_uid as PortOne's 404, not as a verification failure", async () => {
    const error = await log.rejection(
      verifyPayment(mock.client, { impUid: "imp_000000000001", expected: { merchantUid: "x", amount: 1 } }),
    );
    expect(error).toBeInstanceOf(IamportApiError);
    expect(error).not.toBeInstanceOf(PaymentVerificationError);
    expect(error).toMatchObject({ status: 404, operation: { method: "GET", path: "/payments/{imp_uid}" } });
  });

  it("rejects an order that could never match (a string amount) with a TypeError, before any request", async () => {
    const before = mock.requests();
    const bad = { merchantUid: "order_x", amount: "10000" } as unknown as { merchantUid: string; amount: number };
    await expect(verifyPayment(mock.client, { impUid: "imp_1", expected: bad })).rejects.toThrow(TypeError);
    await expect(verifyPayment(mock.client, { impUid: "", expected: { merchantUid: "order_x", amount: 1 } })).rejects.toThrow(TypeError);
    await expect(verifyPayment(mock.client, { impUid: "imp_1", expected: { merchantUid: "", amount: 1 } })).rejects.toThrow(TypeError);
    expect(mock.requests()).toBe(before);
  });

  it("puts no payment data but the compared values into errors", () => {
    expect(log.errors.length).toBeGreaterThan(10);
    for (const error of log.errors) {
      for (const text of errorTexts(error)) {
        expect(text).not.toContain(BUYER_EMAIL);
        expect(text).not.toMatch(/\*{4}/); // no masked card number either
      }
    }
  });
});
