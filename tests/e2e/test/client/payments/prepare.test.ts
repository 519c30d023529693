import { IamportApiError, unwrap } from "@iamport-contract/client";
import { PrepareConflictError, preparePayment, verifyPayment } from "@iamport-contract/client/payments";
import type { Currency } from "@iamport-contract/client/types";
import { errorLog } from "@iamport-contract/test-support/error-log";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_SECRET, type StatefulMock, startStatefulMock } from "./stateful-mock.js";

let mock: StatefulMock;
const log = errorLog();
beforeAll(async () => {
  mock = await startStatefulMock();
});
afterAll(async () => {
  log.secrets.add(API_SECRET).add(await mock.client.auth.getAccessToken());
  log.assertNoSecrets();
  await mock.close();
});

const registered = async (merchantUid: string) =>
  unwrap(mock.client.v1.GET("/payments/prepare/{merchant_uid}", { params: { path: { merchant_uid: merchantUid } } }));

describe("preparePayment against the stateful mock", () => {
  it("registers the amount, and PortOne then refuses a tampered payment", async () => {
    const merchantUid = mock.orderId("prepare");
    const prepared = await preparePayment(mock.client, { merchantUid, amount: 10_000 });
    expect(prepared).toMatchObject({ merchant_uid: merchantUid, amount: 10_000 });
    expect(await registered(merchantUid)).toMatchObject({ amount: 10_000 });
    const tampered = await log.rejection(mock.pay(merchantUid, 100));
    expect(tampered).toBeInstanceOf(IamportApiError);
    expect(tampered).toMatchObject({ code: -1 });
    const paid = await mock.pay(merchantUid, 10_000);
    expect((await verifyPayment(mock.client, { impUid: paid.imp_uid, expected: { merchantUid, amount: 10_000 } })).status).toBe("paid");
  });

  it("succeeds when the same amount is registered again (PortOne refuses the duplicate; it is read back)", async () => {
    const merchantUid = mock.orderId("again");
    await preparePayment(mock.client, { merchantUid, amount: 5_000, currency: "KRW" });
    // The raw call is refused as a duplicate…
    const raw = await mock.client.v1.POST("/payments/prepare", { body: { merchant_uid: merchantUid, amount: 5_000 } });
    expect(raw.data).toBeUndefined();
    expect(raw.error?.code).toBe(1);
    // …and preparePayment treats it as done, with or without the currency.
    const before = mock.requests();
    expect(await preparePayment(mock.client, { merchantUid, amount: 5_000 })).toMatchObject({ merchant_uid: merchantUid, amount: 5_000 });
    expect(mock.requests() - before).toBe(2); // the refused POST and the read-back GET
    expect(await preparePayment(mock.client, { merchantUid, amount: 5_000, currency: "KRW" })).toMatchObject({ currency: "KRW" });
  });

  it("refuses another amount for the same merchant_uid with PrepareConflictError, and keeps the first amount", async () => {
    const merchantUid = mock.orderId("conflict");
    await preparePayment(mock.client, { merchantUid, amount: 5_000 });
    const error = await log.rejection(preparePayment(mock.client, { merchantUid, amount: 4_000 }));
    expect(error).toBeInstanceOf(PrepareConflictError);
    expect(error).toBeInstanceOf(IamportApiError);
    expect(error).toMatchObject({
      name: "PrepareConflictError",
      code: 1,
      operation: { method: "POST", path: "/payments/prepare" },
      merchantUid,
      registered: { amount: 5_000, currency: "KRW" },
      requested: { amount: 4_000, currency: null },
    });
    expect((error as Error).message).toContain(`is registered with 5000 KRW, requested 4000`);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ registered: { amount: 5_000 }, requested: { amount: 4_000 } });
    expect(await registered(merchantUid)).toMatchObject({ amount: 5_000 });
  });

  it("refuses another currency for the same merchant_uid", async () => {
    const merchantUid = mock.orderId("currency");
    await preparePayment(mock.client, { merchantUid, amount: 20, currency: "USD" });
    const error = await log.rejection(preparePayment(mock.client, { merchantUid, amount: 20, currency: "KRW" }));
    expect(error).toBeInstanceOf(PrepareConflictError);
    expect(error).toMatchObject({ registered: { amount: 20, currency: "USD" }, requested: { amount: 20, currency: "KRW" } });
  });

  it("passes other refusals through as they are (here the mock's 400 for an unknown currency)", async () => {
    const merchantUid = mock.orderId("invalid");
    const before = mock.requests();
    const error = await log.rejection(preparePayment(mock.client, { merchantUid, amount: 1_000, currency: "XXX" as Currency }));
    expect(error).toBeInstanceOf(IamportApiError);
    expect(error).not.toBeInstanceOf(PrepareConflictError);
    expect(error).toMatchObject({ status: 400, operation: { method: "POST", path: "/payments/prepare" } });
    expect(mock.requests() - before).toBeGreaterThanOrEqual(2); // it did look for a registration first
  });

  it("rejects arguments that could not be registered, before any request", async () => {
    const before = mock.requests();
    await expect(preparePayment(mock.client, { merchantUid: "", amount: 1 })).rejects.toThrow(TypeError);
    await expect(preparePayment(mock.client, { merchantUid: "m", amount: -1 })).rejects.toThrow(TypeError);
    await expect(preparePayment(mock.client, { merchantUid: "m", amount: "1" as unknown as number })).rejects.toThrow(TypeError);
    expect(mock.requests()).toBe(before);
  });
});
