import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../../src/index.js";

const SECRET = "shared_secret";
let mock: RunningMock;

async function call(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${mock.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function tokenFor(imp_key: string, imp_secret = SECRET) {
  const res = await call("POST", "/users/getToken", undefined, { imp_key, imp_secret });
  return res;
}

async function pay(token: string, merchant_uid: string) {
  const res = await call("POST", "/subscribe/payments/onetime", token, {
    merchant_uid,
    amount: 1000,
    card_number: "4242-4242-4242-4242",
    expiry: "2030-12",
  });
  expect(res.body.code).toBe(0);
  return res.body.response.imp_uid as string;
}

beforeAll(async () => {
  mock = await startMock({ port: 0, stateful: true, apiKey: "main_key", apiSecret: SECRET });
});
afterAll(() => mock.close());

describe("a merchant per imp_key", () => {
  it("accepts the configured key and any test_ key with the configured secret; a wrong secret is 401", async () => {
    expect((await tokenFor("main_key")).body.code).toBe(0);
    expect((await tokenFor("test_alpha")).body.code).toBe(0);
    expect((await tokenFor("test_alpha", "wrong")).status).toBe(401);
    expect((await tokenFor("main_key", "wrong")).status).toBe(401);
    expect((await tokenFor("other_key")).status).toBe(401);
  });

  it("keeps payments apart, and a reset with a token forgets only that merchant", async () => {
    const a = (await tokenFor("test_iso_a")).body.response.access_token as string;
    const b = (await tokenFor("test_iso_b")).body.response.access_token as string;
    expect(a).not.toBe(b);
    const paidA = await pay(a, "order_iso_a");
    const paidB = await pay(b, "order_iso_b");

    expect((await call("GET", `/payments/${paidA}`, a)).body.response.merchant_uid).toBe("order_iso_a");
    // B cannot see A's payment, nor A B's.
    expect((await call("GET", `/payments/${paidA}`, b)).status).toBe(404);
    expect((await call("GET", `/payments/${paidB}`, a)).status).toBe(404);
    // The same merchant_uid is free in another merchant.
    await pay(b, "order_iso_a");

    const reset = await call("POST", "/__mock/reset", a);
    expect(reset.status).toBe(200);
    // A's token is gone with its state; B's token and payments survive.
    expect((await call("GET", `/payments/${paidA}`, a)).status).toBe(401);
    expect((await call("GET", `/payments/${paidB}`, b)).body.response.merchant_uid).toBe("order_iso_b");
    const a2 = (await tokenFor("test_iso_a")).body.response.access_token as string;
    expect((await call("GET", `/payments/${paidA}`, a2)).status).toBe(404);
  });

  it("moves only the token's merchant's clock", async () => {
    const a = (await tokenFor("test_clock_a")).body.response.access_token as string;
    const b = (await tokenFor("test_clock_b")).body.response.access_token as string;
    const moved = await call("POST", "/__mock/clock", a, { advance_seconds: 3600 });
    expect(moved.body.offset_seconds).toBe(3600);
    expect((await call("GET", "/__mock/clock", b)).body.offset_seconds).toBe(0);
    // A's token lived 30 minutes on A's clock: it is expired now, B's is not.
    expect((await call("GET", "/payments/imp_none", a)).status).toBe(401);
    expect((await call("GET", "/payments/imp_none", b)).status).toBe(404);
  });

  it("refuses a control call with an unknown token, and reset?all=true forgets every merchant", async () => {
    expect((await call("POST", "/__mock/reset", "not_a_token")).status).toBe(401);
    const b = (await tokenFor("test_all_b")).body.response.access_token as string;
    const paid = await pay(b, "order_all");
    expect((await call("GET", `/payments/${paid}`, b)).status).toBe(200);
    expect((await call("POST", "/__mock/reset?all=true")).status).toBe(200);
    expect((await call("GET", `/payments/${paid}`, b)).status).toBe(401);
  });
});

describe("with test keys turned off", () => {
  it("accepts only the configured key", async () => {
    const strict = await startMock({ port: 0, stateful: true, apiKey: "main_key", apiSecret: SECRET, acceptTestKeys: false });
    try {
      const res = await fetch(`${strict.url}/users/getToken`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ imp_key: "test_x", imp_secret: SECRET }),
      });
      expect(res.status).toBe(401);
    } finally {
      await strict.close();
    }
  });
});
