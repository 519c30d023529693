import { describe, expect, expectTypeOf, it } from "vitest";
import { createIamportClient, IamportApiError, type Payment } from "../../src/index.js";
import { pages } from "../../src/paging.js";
import { API_KEY, API_SECRET, envelope, fakePortOne, type Handler, json, refusal } from "../helpers/fake-portone.js";

function setup(handler: Handler) {
  const fake = fakePortOne({ handler });
  const client = createIamportClient({ apiKey: API_KEY, apiSecret: API_SECRET, baseUrl: "http://portone.test", fetch: fake.fetch });
  return { fake, client };
}

/** A list of `total` payments served `size` per page, as PortOne pages them. */
const pagedPayments =
  (total: number, size: number): Handler =>
  (call) => {
    const page = Number(new URL(call.path, "http://x").searchParams.get("page") ?? "1");
    const last = Math.ceil(total / size);
    const list = Array.from({ length: Math.max(0, Math.min(size, total - (page - 1) * size)) }, (_, i) => ({
      imp_uid: `imp_${(page - 1) * size + i + 1}`,
    }));
    return json(200, envelope({ total, previous: page > 1 ? page - 1 : 0, next: page < last ? page + 1 : 0, list }));
  };

describe("pages()", () => {
  it("yields every item of every page, in order, and stops at next: 0", async () => {
    const { fake, client } = setup(pagedPayments(7, 3));
    const seen: string[] = [];
    for await (const payment of pages((page) =>
      client.v1.GET("/payments/status/{payment_status}", { params: { path: { payment_status: "paid" }, query: { page } } }),
    )) {
      expectTypeOf(payment).toEqualTypeOf<Payment>();
      seen.push(payment.imp_uid);
    }
    expect(seen).toEqual(["imp_1", "imp_2", "imp_3", "imp_4", "imp_5", "imp_6", "imp_7"]);
    expect(fake.apiCalls().map((c) => c.path)).toEqual([
      "/payments/status/paid?page=1",
      "/payments/status/paid?page=2",
      "/payments/status/paid?page=3",
    ]);
  });

  it("fetches no further page after a break", async () => {
    const { fake, client } = setup(pagedPayments(100, 10));
    for await (const payment of pages((page) =>
      client.v1.GET("/payments/status/{payment_status}", { params: { path: { payment_status: "paid" }, query: { page } } }),
    )) {
      if (payment.imp_uid === "imp_12") break;
    }
    expect(fake.apiCalls()).toHaveLength(2);
  });

  it("throws a refused page as IamportApiError", async () => {
    const { client } = setup(() => json(200, refusal(-1, "잘못된 요청입니다.")));
    const iterate = async () => {
      for await (const _ of pages((page) =>
        client.v1.GET("/subscribe/payments/schedule", { params: { query: { schedule_from: 1, schedule_to: 2, page } } }),
      ));
    };
    await expect(iterate()).rejects.toBeInstanceOf(IamportApiError);
  });

  it("handles an empty list", async () => {
    const { fake, client } = setup(pagedPayments(0, 10));
    const all = [];
    for await (const payment of pages((page) =>
      client.v1.GET("/payments/status/{payment_status}", { params: { path: { payment_status: "paid" }, query: { page } } }),
    ))
      all.push(payment);
    expect(all).toEqual([]);
    expect(fake.apiCalls()).toHaveLength(1);
  });
});
