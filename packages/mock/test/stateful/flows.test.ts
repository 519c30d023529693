import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  API_KEY,
  API_SECRET,
  type CheckedResponse,
  type ControlClient,
  hasOperation,
  type LooseClient,
  type Receiver,
  startCheckedMock,
  startReceiver,
  validator,
  wireClient,
} from "./harness.js";

let harness: Awaited<ReturnType<typeof startCheckedMock>>;
let control: ControlClient;
let receiver: Receiver;
let v1: LooseClient;
let supplements: LooseClient;
const allChecked: CheckedResponse[] = [];

beforeAll(async () => {
  harness = await startCheckedMock();
  control = harness.control;
  receiver = await startReceiver();
});
afterAll(async () => {
  await harness.mock.close();
  await receiver.close();
});

/**
 * A fresh client: the mock judges tokens by its own clock, so after a reset
 * or a jump of the clock past a token's expiry, a client's cached token is
 * refused (401) just as PortOne refuses an expired one.
 */
function freshClient() {
  v1 = wireClient(harness.mock.url, harness.checkedFetch);
  // V1 and the supplements paths live under the same mock URL.
  supplements = v1;
}

beforeEach(async () => {
  await control.reset();
  receiver.received.length = 0;
  freshClient();
});

afterEach(() => {
  // Every response of the flow must be documented by the spec and match its schema.
  const problems = harness.checked.filter((c) => c.problem).map((c) => `${c.key} → ${c.status}: ${c.problem}`);
  allChecked.push(...harness.checked.splice(0));
  if (problems.length > 0) console.error(`spec problems:\n${problems.join("\n")}`);
  expect(problems.join("\n")).toBe("");
});

const card = (n: string) => ({ card_number: n, expiry: "2030-12", birth: "900101", pwd_2digit: "00" });
const OK_CARD = "4242-4242-4242-4242";

async function token(body: Record<string, unknown>) {
  const res = await harness.checkedFetch(`${harness.mock.url}/users/getToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function payOnetime(merchantUid: string, amount: number, extra: Record<string, unknown> = {}) {
  return v1.POST("/subscribe/payments/onetime", { body: { merchant_uid: merchantUid, amount, ...card(OK_CARD), ...extra } });
}

describe("stateful mock: token", () => {
  it("issues the same token before expiry, extends it in its last minute, refuses bad credentials and old tokens", async () => {
    const first = await token({ imp_key: API_KEY, imp_secret: API_SECRET });
    expect(first.status).toBe(200);
    const { access_token, now, expired_at } = first.body.response;
    expect(expired_at - now).toBe(1800);

    const again = await token({ imp_key: API_KEY, imp_secret: API_SECRET });
    expect(again.body.response.access_token).toBe(access_token);
    expect(again.body.response.expired_at).toBe(expired_at);

    const wrong = await token({ imp_key: API_KEY, imp_secret: "not-the-secret" });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: -1, response: null });

    await control.advance(1800 - 30); // 30 s left
    const extended = await token({ imp_key: API_KEY, imp_secret: API_SECRET });
    expect(extended.body.response.access_token).toBe(access_token);
    expect(extended.body.response.expired_at).toBe(expired_at + 300);

    const read = (t: string) =>
      harness.checkedFetch(`${harness.mock.url}/payments/prepare/order_x`, { headers: { authorization: `Bearer ${t}` } });
    expect((await read(access_token)).status).toBe(404); // accepted, nothing prepared
    expect((await read("never-issued")).status).toBe(401);

    await control.advance(400); // past the extended expiry
    expect((await read(access_token)).status).toBe(401);
    const fresh = await token({ imp_key: API_KEY, imp_secret: API_SECRET });
    expect(fresh.body.response.access_token).not.toBe(access_token);
    expect((await read(fresh.body.response.access_token)).status).toBe(404);
  });

  it("refuses a client with wrong credentials", async () => {
    const client = wireClient(harness.mock.url, harness.checkedFetch, { imp_key: API_KEY, imp_secret: "wrong" });
    await expect(client.GET("/payments/prepare/{merchant_uid}", { params: { path: { merchant_uid: "x" } } })).rejects.toThrow(/401/);
  });
});

describe("stateful mock: prepare", () => {
  it("registers, reads and updates an amount, and refuses a payment with another amount", async () => {
    const registered = await v1.POST("/payments/prepare", { body: { merchant_uid: "order_p1", amount: 5000 } });
    expect(registered.data).toMatchObject({ code: 0, response: { merchant_uid: "order_p1", amount: 5000 } });
    const twice = await v1.POST("/payments/prepare", { body: { merchant_uid: "order_p1", amount: 6000 } });
    expect(twice.data.code).not.toBe(0);
    expect(
      (await v1.GET("/payments/prepare/{merchant_uid}", { params: { path: { merchant_uid: "order_p1" } } })).data.response.amount,
    ).toBe(5000);
    const missing = await v1.GET("/payments/prepare/{merchant_uid}", { params: { path: { merchant_uid: "order_none" } } });
    expect(missing.response.status).toBe(404);

    const updated = await v1.PUT("/payments/prepare", { body: { merchant_uid: "order_p1", amount: 7000 } });
    expect(updated.data.response.amount).toBe(7000);
    expect((await v1.PUT("/payments/prepare", { body: { merchant_uid: "order_none", amount: 1 } })).response.status).toBe(404);

    const tampered = await payOnetime("order_p1", 5000);
    expect(tampered.data).toMatchObject({ code: -1, response: null });
    expect(tampered.data.message).toMatch(/7000/);
    const paid = await payOnetime("order_p1", 7000);
    expect(paid.data.response).toMatchObject({ status: "paid", amount: 7000 });
  });
});

describe("stateful mock: payments", () => {
  it("pays once by card, echoes the request, and reads the payment back every way", async () => {
    const paid = await payOnetime("order_1", 10000, {
      name: "노르웨이 회전 의자",
      buyer_name: "홍길동",
      buyer_email: "hong@example.com",
      custom_data: '{"cart":42}',
      card_quota: 3,
      currency: "KRW",
    });
    const payment = paid.data.response;
    // A card payment is not a virtual account: PortOne answers 0, not null; a paid card has a sales slip.
    expect(payment).toMatchObject({ vbank_date: 0, vbank_issued_at: 0, receipt_url: expect.stringMatching(/^https:\/\//) });
    expect(payment).toMatchObject({
      merchant_uid: "order_1",
      amount: 10000,
      status: "paid",
      cancel_amount: 0,
      name: "노르웨이 회전 의자",
      buyer_name: "홍길동",
      buyer_email: "hong@example.com",
      custom_data: '{"cart":42}',
      card_quota: 3,
      currency: "KRW",
      channel: "api",
      card_number: "424242******4242",
    });
    expect(payment.imp_uid).toMatch(/^imp_\d{12}$/);
    expect(payment.paid_at).toBeGreaterThan(0);
    const second = await payOnetime("order_2", 2000);
    expect(second.data.response.imp_uid).not.toBe(payment.imp_uid);

    const byId = await v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: payment.imp_uid } } });
    expect(byId.data.response).toEqual(payment);
    expect((await v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_000000000000" } } })).response.status).toBe(404);

    if (hasOperation("GET /payments/find/{merchant_uid}")) {
      const found = await v1.GET("/payments/find/{merchant_uid}", { params: { path: { merchant_uid: "order_1" } } });
      expect(found.data.response.imp_uid).toBe(payment.imp_uid);
    }
    if (hasOperation("GET /payments/find/{merchant_uid}/{payment_status}")) {
      const none = await v1.GET("/payments/find/{merchant_uid}/{payment_status}", {
        params: { path: { merchant_uid: "order_1", payment_status: "cancelled" } },
      });
      expect(none.response.status).toBe(404);
    }
    if (hasOperation("GET /payments/findAll/{merchant_uid}")) {
      const all = await v1.GET("/payments/findAll/{merchant_uid}", { params: { path: { merchant_uid: "order_1" } } });
      expect(all.data.response).toMatchObject({ total: 1, previous: 0, next: 0 });
    }
    if (hasOperation("GET /payments/status/{payment_status}")) {
      const list = await v1.GET("/payments/status/{payment_status}", { params: { path: { payment_status: "paid" }, query: { limit: 1 } } });
      expect(list.data.response).toMatchObject({ total: 2, previous: 0, next: 2 });
      expect(list.data.response.list).toHaveLength(1);
      const failed = await v1.GET("/payments/status/{payment_status}", { params: { path: { payment_status: "failed" } } });
      expect(failed.data.response.total).toBe(0);
    }
    if (hasOperation("GET /payments")) {
      const many = await v1.GET("/payments", { params: { query: { "imp_uid[]": [payment.imp_uid, second.data.response.imp_uid] } } });
      expect(many.response.status).toBe(200);
      expect(many.data.response.map((p: { imp_uid: string }) => p.imp_uid)).toEqual([payment.imp_uid, second.data.response.imp_uid]);
      const partly = await v1.GET("/payments", { params: { query: { "imp_uid[]": [payment.imp_uid, "imp_000000000000"] } } });
      expect(partly.response.status).toBe(207);
    }
  });

  it("answers the magic card numbers and refuses a reused merchant_uid", async () => {
    const declined = await payOnetime("order_d", 1000, { card_number: "4000-0000-0000-0002" });
    expect(declined.data.response).toMatchObject({ status: "failed", paid_at: 0, receipt_url: null });
    expect(declined.data.response.fail_reason).toMatch(/거절/);
    const limit = await payOnetime("order_l", 1000, { card_number: "4000-0000-0000-9995" });
    expect(limit.data.response.fail_reason).toMatch(/한도초과/);
    const expired = await payOnetime("order_e", 1000, { card_number: "4000-0000-0000-0069" });
    expect(expired.data).toMatchObject({ code: -1, response: null });
    const pgError = await payOnetime("order_g", 1000, { card_number: "4000-0000-0000-0119" });
    expect(pgError.data).toMatchObject({ code: -1, response: null });

    // A failed order may be retried; a paid one may not.
    expect((await payOnetime("order_d", 1000)).data.response.status).toBe("paid");
    const reused = await payOnetime("order_d", 1000);
    expect(reused.data).toMatchObject({ code: -1, response: null });
  });

  it("cancels in part and in full by PortOne's rules", async () => {
    const { imp_uid } = (await payOnetime("order_c", 10000)).data.response;
    const cancel = (body: Record<string, unknown>) => v1.POST("/payments/cancel", { body });

    const part = await cancel({ imp_uid, amount: 3000, checksum: 10000, reason: "size" });
    expect(part.data.response).toMatchObject({ status: "paid", cancel_amount: 3000, cancel_reason: "size" });
    expect(part.data.response.cancel_history).toHaveLength(1);
    expect(part.data.response.cancel_history[0]).toMatchObject({ amount: 3000, reason: "size" });

    const stale = await cancel({ imp_uid, amount: 1000, checksum: 10000 });
    expect(stale.data).toMatchObject({ code: -1, response: null });
    expect(stale.data.message).toMatch(/checksum/);

    const over = await cancel({ imp_uid, amount: 7001 });
    expect(over.data).toMatchObject({ code: -1, response: null });

    const rest = await cancel({ merchant_uid: "order_c", checksum: 7000 });
    expect(rest.data.response).toMatchObject({ status: "cancelled", cancel_amount: 10000 });
    expect(rest.data.response.cancel_history.map((h: { amount: number }) => h.amount)).toEqual([3000, 7000]);

    const again = await cancel({ imp_uid });
    expect(again.data).toMatchObject({ code: 1, response: null });
    const unknown = await cancel({ imp_uid: "imp_000000000000" });
    expect(unknown.data.code).not.toBe(0);
  });
});

describe.skipIf(!hasOperation("POST /subscribe/customers/{customer_uid}"))("stateful mock: billing keys", () => {
  it("issues, reads, charges again, lists and deletes billing keys", async () => {
    const issued = await v1.POST("/subscribe/customers/{customer_uid}", {
      params: { path: { customer_uid: "cust_1" } },
      body: { ...card(OK_CARD), customer_name: "홍길동" },
    });
    expect(issued.data.response).toMatchObject({ customer_uid: "cust_1", card_number: "424242******4242", customer_name: "홍길동" });
    const refused = await v1.POST("/subscribe/customers/{customer_uid}", {
      params: { path: { customer_uid: "cust_bad" } },
      body: card("4000-0000-0000-0002"),
    });
    expect(refused.data).toMatchObject({ code: -1, response: null });

    const one = await v1.GET("/subscribe/customers/{customer_uid}", { params: { path: { customer_uid: "cust_1" } } });
    expect(one.data.response.customer_uid).toBe("cust_1");
    const many = await v1.GET("/subscribe/customers", { params: { query: { "customer_uid[]": ["cust_1", "cust_none"] } } });
    expect(many.response.status).toBe(207);
    expect(many.data.response).toHaveLength(1);

    // A one-time payment with customer_uid also stores a key.
    const onetime = await payOnetime("order_k0", 1000, { customer_uid: "cust_2" });
    expect(onetime.data.response).toMatchObject({ customer_uid: "cust_2", customer_uid_usage: "issue" });
    expect((await v1.GET("/subscribe/customers/{customer_uid}", { params: { path: { customer_uid: "cust_2" } } })).response.status).toBe(
      200,
    );

    const again = await v1.POST("/subscribe/payments/again", {
      body: { customer_uid: "cust_1", merchant_uid: "order_k1", amount: 3000, name: "월 구독" },
    });
    expect(again.data.response).toMatchObject({
      status: "paid",
      customer_uid: "cust_1",
      customer_uid_usage: "payment",
      name: "월 구독",
      amount: 3000,
    });
    const unknownKey = await v1.POST("/subscribe/payments/again", {
      body: { customer_uid: "cust_none", merchant_uid: "order_k2", amount: 1, name: "x" },
    });
    expect(unknownKey.data).toMatchObject({ code: -1, response: null });

    await v1.POST("/subscribe/customers/{customer_uid}", {
      params: { path: { customer_uid: "cust_poor" } },
      body: card("4000-0000-0000-0341"),
    });
    const poor = await v1.POST("/subscribe/payments/again", {
      body: { customer_uid: "cust_poor", merchant_uid: "order_k3", amount: 1000, name: "x" },
    });
    expect(poor.data.response).toMatchObject({ status: "failed" });
    expect(poor.data.response.fail_reason).toMatch(/잔액부족/);

    if (hasOperation("GET /subscribe/customers/{customer_uid}/payments")) {
      const paidWithKey = await v1.GET("/subscribe/customers/{customer_uid}/payments", { params: { path: { customer_uid: "cust_1" } } });
      expect(paidWithKey.data.response.total).toBe(1);
      expect(paidWithKey.data.response.list[0].merchant_uid).toBe("order_k1");
    }

    const deleted = await v1.DELETE("/subscribe/customers/{customer_uid}", { params: { path: { customer_uid: "cust_1" } } });
    expect(deleted.data.response.customer_uid).toBe("cust_1");
    expect((await v1.GET("/subscribe/customers/{customer_uid}", { params: { path: { customer_uid: "cust_1" } } })).response.status).toBe(
      404,
    );
    expect((await v1.DELETE("/subscribe/customers/{customer_uid}", { params: { path: { customer_uid: "cust_1" } } })).response.status).toBe(
      404,
    );
  });
});

describe.skipIf(!hasOperation("POST /subscribe/payments/schedule"))("stateful mock: schedules", () => {
  it("schedules, lists, unschedules, and runs due schedules when the clock passes them", async () => {
    const now = (await control.clock()).body.now as number;
    const scheduled = await v1.POST("/subscribe/payments/schedule", {
      body: {
        customer_uid: "cust_s",
        ...card(OK_CARD),
        schedules: [
          { merchant_uid: "order_s1", schedule_at: now + 3600, amount: 9900, name: "1월", notice_url: `${receiver.url}/hook` },
          { merchant_uid: "order_s2", schedule_at: now + 7200, amount: 9900, name: "2월", notice_url: `${receiver.url}/hook` },
          { merchant_uid: "order_s3", schedule_at: now + 10800, amount: 9900, name: "3월" },
        ],
      },
    });
    expect(scheduled.data.response).toHaveLength(3);
    expect(scheduled.data.response[0]).toMatchObject({
      merchant_uid: "order_s1",
      schedule_status: "scheduled",
      imp_uid: null,
      payment_status: null,
    });

    const duplicate = await v1.POST("/subscribe/payments/schedule", {
      body: { customer_uid: "cust_s", schedules: [{ merchant_uid: "order_s1", schedule_at: now + 99, amount: 1 }] },
    });
    expect(duplicate.data.code).not.toBe(0);
    const noKey = await v1.POST("/subscribe/payments/schedule", {
      body: { customer_uid: "cust_nokey", schedules: [{ merchant_uid: "order_n1", schedule_at: now + 99, amount: 1 }] },
    });
    expect(noKey.data.code).not.toBe(0);

    const one = await v1.GET("/subscribe/payments/schedule/{merchant_uid}", { params: { path: { merchant_uid: "order_s2" } } });
    expect(one.data.response).toMatchObject({ amount: 9900, schedule_at: now + 7200 });
    const range = await v1.GET("/subscribe/payments/schedule", {
      params: { query: { schedule_from: now, schedule_to: now + 8000, schedule_status: "scheduled" } },
    });
    expect(range.data.response.total).toBe(2);
    if (hasOperation("GET /subscribe/payments/schedule/customers/{customer_uid}")) {
      const mine = await v1.GET("/subscribe/payments/schedule/customers/{customer_uid}", {
        params: { path: { customer_uid: "cust_s" }, query: { from: now, to: now + 20000 } },
      });
      expect(mine.data.response.total).toBe(3);
    }
    if (hasOperation("PUT /subscribe/payments/schedule/{merchant_uid}")) {
      const moved = await v1.PUT("/subscribe/payments/schedule/{merchant_uid}", {
        params: { path: { merchant_uid: "order_s2" } },
        body: { schedule_at: now + 7300 },
      });
      expect(moved.data.response.schedule_at).toBe(now + 7300);
    }

    const revoked = await v1.POST("/subscribe/payments/unschedule", { body: { customer_uid: "cust_s", merchant_uid: ["order_s3"] } });
    expect(revoked.data.response).toHaveLength(1);
    expect(revoked.data.response[0]).toMatchObject({ merchant_uid: "order_s3", schedule_status: "revoked" });
    const nothing = await v1.POST("/subscribe/payments/unschedule", { body: { merchant_uid: "order_s3" } });
    expect(nothing.data.code).not.toBe(0);

    const moved = await control.advance(3601);
    expect(moved.body.executed_schedules).toEqual(["order_s1"]);
    freshClient(); // an hour later, the old token has expired
    const ran = await v1.GET("/subscribe/payments/schedule/{merchant_uid}", { params: { path: { merchant_uid: "order_s1" } } });
    expect(ran.data.response).toMatchObject({ schedule_status: "executed", payment_status: "paid" });
    const payment = await v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: ran.data.response.imp_uid } } });
    expect(payment.data.response).toMatchObject({
      merchant_uid: "order_s1",
      amount: 9900,
      customer_uid_usage: "payment.scheduled",
      name: "1월",
    });
    await receiver.waitFor(1);
    expect(receiver.received[0]).toEqual({
      path: "/hook",
      body: { imp_uid: ran.data.response.imp_uid, merchant_uid: "order_s1", status: "paid", customer_uid: "cust_s" },
    });

    await control.advance(10000);
    const third = await v1.GET("/subscribe/payments/schedule/{merchant_uid}", { params: { path: { merchant_uid: "order_s3" } } });
    expect(third.data.response.schedule_status).toBe("revoked");
    await receiver.waitFor(2);
    expect(receiver.received.map((r) => r.body.merchant_uid)).toEqual(["order_s1", "order_s2"]);
  });
});

describe.skipIf(!hasOperation("POST /vbanks"))("stateful mock: virtual accounts", () => {
  it("issues, changes, revokes virtual accounts and turns a deposit into a paid payment", async () => {
    const now = (await control.clock()).body.now as number;
    const issued = await v1.POST("/vbanks", {
      body: {
        merchant_uid: "order_v1",
        amount: 30000,
        vbank_code: "004",
        vbank_due: now + 86400,
        vbank_holder: "홍상점",
        notice_url: `${receiver.url}/vbank`,
      },
    });
    const vbank = issued.data.response;
    expect(vbank).toMatchObject({
      status: "ready",
      pay_method: "vbank",
      vbank_code: "004",
      vbank_holder: "홍상점",
      vbank_date: now + 86400,
    });
    expect(vbank.vbank_num).toMatch(/\d/);

    const changed = await v1.PUT("/vbanks/{imp_uid}", { params: { path: { imp_uid: vbank.imp_uid } }, body: { amount: 25000 } });
    expect(changed.data.response.amount).toBe(25000);

    expect((await control.deposit(vbank.imp_uid, 1)).status).toBe(409);
    const deposited = await control.deposit(vbank.imp_uid);
    expect(deposited.status).toBe(200);
    const read = await v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: vbank.imp_uid } } });
    expect(read.data.response).toMatchObject({ status: "paid", amount: 25000 });
    expect(read.data.response.paid_at).toBeGreaterThan(0);
    await receiver.waitFor(2); // issued (ready) and deposited (paid)
    expect(receiver.received.map((r) => r.body.status)).toEqual(["ready", "paid"]);
    const notReady = await v1.DELETE("/vbanks/{imp_uid}", { params: { path: { imp_uid: vbank.imp_uid } } });
    expect(notReady.response.status).toBe(400);

    const second = (await v1.POST("/vbanks", { body: { merchant_uid: "order_v2", amount: 1000, vbank_code: "088", vbank_due: now + 60 } }))
      .data.response;
    const revoked = await v1.DELETE("/vbanks/{imp_uid}", { params: { path: { imp_uid: second.imp_uid } } });
    expect(revoked.data.response.status).toBe("cancelled");

    const late = (await v1.POST("/vbanks", { body: { merchant_uid: "order_v3", amount: 1000, vbank_code: "088", vbank_due: now + 60 } }))
      .data.response;
    await control.advance(120);
    expect((await control.deposit(late.imp_uid)).status).toBe(409);
    expect(
      (await v1.PUT("/vbanks/{imp_uid}", { params: { path: { imp_uid: "imp_000000000000" } }, body: { amount: 1 } })).response.status,
    ).toBe(404);
  });
});

describe("stateful mock: payment URLs", () => {
  it("creates a short URL, honours deactivation and expiry, and reports link payments by webhook", async () => {
    const now = (await control.clock()).body.now as number;
    const info = {
      title: "결제",
      user_code: "imp12345678",
      amount: 15000,
      merchant_uid: "order_link1",
      name: "티셔츠",
      currency: "KRW",
      pay_methods: [{ pg: "html5_inicis", pay_method: "card" }],
      notice_url: `${receiver.url}/link`,
    };
    const created = await supplements.POST("/api/supplements/v1/link/payment", {
      body: { payment_info: JSON.stringify(info), expired_at: now + 3600 },
    });
    const shortenedUrl = created.data.shortenedUrl as string;
    expect(shortenedUrl).toMatch(/\/__mock\/links\/[A-Za-z0-9]+$/);
    const id = shortenedUrl.split("/").pop() as string;
    expect((await control.call("GET", `/links/${id}`)).body).toMatchObject({ status: "active", expired_at: now + 3600 });

    const paid = await control.call("POST", `/links/${id}/pay`);
    expect(paid.body.response).toMatchObject({ status: "paid", amount: 15000, merchant_uid: "order_link1" });
    await receiver.waitFor(1);
    expect(receiver.received[0]?.body).toMatchObject({ merchant_uid: "order_link1", status: "paid" });

    const deactivated = await supplements.PUT("/api/supplements/v1/link/payment/{id}", { params: { path: { id } } });
    expect(deactivated.response.status).toBe(200);
    expect((await control.call("GET", `/links/${id}`)).body.status).toBe("deactivated");
    expect((await control.call("POST", `/links/${id}/pay`)).status).toBe(410);
    expect((await supplements.PUT("/api/supplements/v1/link/payment/{id}", { params: { path: { id: "ffffffff" } } })).response.status).toBe(
      404,
    );

    const short = await supplements.POST("/api/supplements/v1/link/payment", {
      body: { payment_info: JSON.stringify({ ...info, merchant_uid: "order_link2" }), expired_at: now + 60 },
    });
    const shortId = (short.data.shortenedUrl as string).split("/").pop() as string;
    await control.advance(61);
    expect((await control.call("GET", `/links/${shortId}`)).body.status).toBe("expired");
    expect((await control.call("POST", `/links/${shortId}/pay`)).status).toBe(410);
  });
});

describe("stateful mock: webhooks", () => {
  it("posts the spec's webhook body to the notice_url given, and records it", async () => {
    const paid = await payOnetime("order_w1", 1000, { notice_url: `${receiver.url}/w`, customer_uid: "cust_w" });
    // PortOne sends no webhook for a failed payment.
    const declined = await payOnetime("order_w2", 1000, { notice_url: `${receiver.url}/w`, card_number: "4000-0000-0000-0002" });
    expect(declined.data.response.status).toBe("failed");
    await payOnetime("order_w3", 1000); // no notice_url: nothing is sent
    await v1.POST("/payments/cancel", { body: { imp_uid: paid.data.response.imp_uid, enable_webhook: true } });
    await receiver.waitFor(2);
    expect(receiver.received.map((r) => r.body)).toEqual([
      { imp_uid: paid.data.response.imp_uid, merchant_uid: "order_w1", status: "paid", customer_uid: "cust_w" },
      expect.objectContaining({ imp_uid: paid.data.response.imp_uid, status: "cancelled", customer_uid: "cust_w" }),
    ]);
    if (validator.hasWebhooks()) {
      for (const { body } of receiver.received) expect(validator.checkWebhook(body)).toEqual({ ok: true });
    }
    const recorded = await control.webhooks();
    expect(recorded).toHaveLength(2);
    expect(recorded.every((w) => w.url === `${receiver.url}/w` && w.delivery === "delivered")).toBe(true);
  });
});

describe("stateful mock: requests are validated first", () => {
  it("answers invalid requests with the stateless mode's 400 and violation list", async () => {
    const bad = await v1.POST("/subscribe/payments/onetime", {
      body: { merchant_uid: "o", amount: -5, card_number: "nope", expiry: "2030-13" },
    });
    expect(bad.response.status).toBe(400);
    expect(bad.error).toMatchObject({ code: -1, response: null });
    const locations = bad.error.violations.map((v: { location: string }) => v.location);
    expect(locations).toEqual(expect.arrayContaining(["body.amount", "body.card_number", "body.expiry"]));
  });

  it("accepts form-urlencoded bodies", async () => {
    const accessToken = (await token({ imp_key: API_KEY, imp_secret: API_SECRET })).body.response.access_token;
    const res = await harness.checkedFetch(`${harness.mock.url}/payments/prepare`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: accessToken },
      body: "merchant_uid=order_form&amount=4500",
    });
    expect(await res.json()).toMatchObject({ code: 0, response: { merchant_uid: "order_form", amount: 4500 } });
  });
});

describe("stateful mock: coverage", () => {
  it("checked a response of every stateful operation present in the spec", () => {
    const expected = [
      "POST /users/getToken",
      "POST /payments/prepare",
      "PUT /payments/prepare",
      "GET /payments/prepare/{merchant_uid}",
      "POST /subscribe/payments/onetime",
      "GET /payments/{imp_uid}",
      "POST /payments/cancel",
      "GET /payments",
      "GET /payments/find/{merchant_uid}",
      "GET /payments/findAll/{merchant_uid}",
      "GET /payments/status/{payment_status}",
      "POST /subscribe/customers/{customer_uid}",
      "GET /subscribe/customers/{customer_uid}",
      "GET /subscribe/customers",
      "DELETE /subscribe/customers/{customer_uid}",
      "GET /subscribe/customers/{customer_uid}/payments",
      "POST /subscribe/payments/again",
      "POST /subscribe/payments/schedule",
      "POST /subscribe/payments/unschedule",
      "GET /subscribe/payments/schedule/{merchant_uid}",
      "PUT /subscribe/payments/schedule/{merchant_uid}",
      "GET /subscribe/payments/schedule",
      "GET /subscribe/payments/schedule/customers/{customer_uid}",
      "POST /vbanks",
      "PUT /vbanks/{imp_uid}",
      "DELETE /vbanks/{imp_uid}",
      "POST /api/supplements/v1/link/payment",
      "PUT /api/supplements/v1/link/payment/{id}",
    ].filter(hasOperation);
    const seen = new Set(allChecked.map((c) => c.key));
    expect(expected.filter((key) => !seen.has(key))).toEqual([]);
    expect(allChecked.length).toBeGreaterThan(50);
  });
});
