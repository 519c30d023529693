import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echo } from "../../src/echo.js";
import { controlSpecPath, startMock } from "../../src/index.js";
import { SpecValidator } from "../../src/validation.js";
import { API_KEY, API_SECRET, controlClient, hasOperation, SPEC_PATH, startCheckedMock, validator } from "./harness.js";

type Harness = Awaited<ReturnType<typeof startCheckedMock>>;
let harness: Harness;
let accessToken: string;

async function api(method: string, path: string, body?: unknown, token = accessToken) {
  const res = await harness.checkedFetch(`${harness.mock.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  harness = await startCheckedMock();
  const res = await api("POST", "/users/getToken", { imp_key: API_KEY, imp_secret: API_SECRET }, "");
  accessToken = res.body.response.access_token;
});
afterAll(() => harness.mock.close());

describe("stateful mock under concurrency", () => {
  it("never over-refunds: 200 parallel partial cancels on one payment", async () => {
    const paid = await api("POST", "/subscribe/payments/onetime", {
      merchant_uid: "order_race",
      amount: 10000,
      card_number: "4242-4242-4242-4242",
      expiry: "2030-12",
    });
    const impUid = paid.body.response.imp_uid;
    const results = await Promise.all(Array.from({ length: 200 }, () => api("POST", "/payments/cancel", { imp_uid: impUid, amount: 70 })));
    const accepted = results.filter((r) => r.body.code === 0);
    const refused = results.filter((r) => r.body.code !== 0);
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(accepted).toHaveLength(142); // 142 × 70 = 9,940 ≤ 10,000 < 143 × 70
    expect(refused).toHaveLength(58);
    const after = await api("GET", `/payments/${impUid}`);
    expect(after.body.response.cancel_amount).toBe(9940);
    expect(after.body.response.cancel_history).toHaveLength(142);
    expect(after.body.response.status).toBe("paid");
    const total = after.body.response.cancel_history.reduce((sum: number, h: { amount: number }) => sum + h.amount, 0);
    expect(total).toBe(9940);
    expect(harness.checked.filter((c) => c.problem)).toEqual([]);
  });

  it("issues one token to 50 parallel getToken calls", async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => api("POST", "/users/getToken", { imp_key: API_KEY, imp_secret: API_SECRET }, "")),
    );
    expect(new Set(results.map((r) => r.body.response.access_token)).size).toBe(1);
  });
});

describe("stateful mock's fallback and echo", () => {
  it.skipIf(!hasOperation("POST /subscribe/payments/schedule/{merchant_uid}/reschedule"))(
    "answers operations without state like the stateless mock, reflecting request fields",
    async () => {
      const stateless = await startMock({ port: 0, specPath: SPEC_PATH });
      try {
        const path = "/subscribe/payments/schedule/order_echo_1/reschedule";
        const body = { schedule_at: 1900000000 };
        const plain = await fetch(`${stateless.url}${path}`, {
          method: "POST",
          headers: { authorization: "t", "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const expected = await plain.json();
        const echoed = await api("POST", path, body);
        expect(echoed.status).toBe(plain.status);
        expect(echoed.body.response.merchant_uid).toBe("order_echo_1");
        expect(echoed.body.response.schedule_at).toBe(1900000000);
        expect(expected.response.merchant_uid).not.toBe("order_echo_1");
        expect({ ...echoed.body.response, merchant_uid: null, schedule_at: null }).toEqual({
          ...expected.response,
          merchant_uid: null,
          schedule_at: null,
        });
        expect(harness.checked.filter((c) => c.problem)).toEqual([]);
      } finally {
        await stateless.close();
      }
    },
  );

  it("keeps the example when echoing would break the schema", () => {
    const example = { code: 0, message: null, response: { merchant_uid: "order_a", amount: 1000, currency: "KRW" } };
    const check = { validator, method: "GET", template: "/payments/prepare/{merchant_uid}", status: 200 };
    expect(echo(example, { merchant_uid: "order_b" }, check)).toEqual({
      ...example,
      response: { ...example.response, merchant_uid: "order_b" },
    });
    // `currency` is an enum and `amount` has a minimum: such values are not reflected.
    expect(echo(example, { currency: "XYZ" }, check)).toBe(example);
    expect(echo(example, { amount: -3 }, check)).toBe(example);
  });
});

describe("stateful mock's memory bound", () => {
  it("evicts the oldest records past maxRecords and reports it", async () => {
    const small = await startMock({ port: 0, stateful: true, apiKey: "k", apiSecret: "s", maxRecords: 5, specPath: SPEC_PATH });
    try {
      const call = async (path: string, body: unknown, token?: string) => {
        const res = await fetch(`${small.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
          body: JSON.stringify(body),
        });
        return res.json();
      };
      const token = (await call("/users/getToken", { imp_key: "k", imp_secret: "s" })).response.access_token;
      for (let i = 0; i < 12; i++) await call("/payments/prepare", { merchant_uid: `order_${i}`, amount: 1000 + i }, token);
      const health = await (await fetch(`${small.url}/__mock/health`)).json();
      expect(health.state).toMatchObject({ prepares: 5, max_records: 5 });
      expect(health.state.evicted).toBe(7);
      const oldest = await fetch(`${small.url}/payments/prepare/order_0`, { headers: { authorization: token } });
      expect(oldest.status).toBe(404);
      const newest = await fetch(`${small.url}/payments/prepare/order_11`, { headers: { authorization: token } });
      expect((await newest.json()).response.amount).toBe(1011);
    } finally {
      await small.close();
    }
  });
});

describe("control API", () => {
  it("validates control requests against its own OpenAPI document", async () => {
    const control = controlClient(harness.mock);
    const bad = await control.call("POST", "/clock", { advance_seconds: -5 });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: -1, response: null });
    const both = await control.call("POST", "/clock", { advance_seconds: 5, now: 1 });
    expect(both.status).toBe(400);
    const unknown = await control.call("GET", "/nope");
    expect(unknown.status).toBe(404);
    const controlDoc = readFileSync(controlSpecPath(), "utf8");
    expect(controlDoc).toMatch(/^openapi: 3\.1\.0/);
    expect(controlDoc).toContain("/__mock/reset");
  });

  it("sets the clock, reports health and resets everything", async () => {
    const control = controlClient(harness.mock);
    const set = await control.call("POST", "/clock", { now: 2000000000 });
    expect(set.body.now).toBeGreaterThanOrEqual(2000000000);
    expect(set.body.now).toBeLessThan(2000000005);
    const health = await control.call("GET", "/health");
    expect(health.body).toMatchObject({ status: "ok", stateful: true });
    const reset = await control.reset();
    expect(reset.body.offset_seconds).toBe(0);
    const afterReset = await control.call("GET", "/health");
    expect(afterReset.body.state).toMatchObject({ payments: 0, tokens: 0, prepares: 0 });
    // Tokens are forgotten too.
    const res = await api("GET", "/payments/prepare/x");
    expect(res.status).toBe(401);
  });

  it("answers only the health check in the stateless mode", async () => {
    const stateless = await startMock({ port: 0, specPath: SPEC_PATH });
    try {
      const control = controlClient(stateless);
      expect((await control.call("GET", "/health")).body).toMatchObject({ status: "ok", stateful: false });
      const reset = await control.reset();
      expect(reset.status).toBe(404);
      expect(reset.body.message).toMatch(/stateful/);
    } finally {
      await stateless.close();
    }
  });
});

describe("SpecValidator", () => {
  it("rejects a body that breaks the schema and a status the spec does not document", () => {
    const v = new SpecValidator(JSON.parse(readFileSync(SPEC_PATH, "utf8")));
    expect(v.checkResponse("GET", "/payments/prepare/{merchant_uid}", 200, { code: 0, message: null, response: { amount: -1 } }).ok).toBe(
      false,
    );
    expect(v.checkResponse("GET", "/payments/prepare/{merchant_uid}", 418, {}).ok).toBe(false);
    expect(
      v.checkResponse("GET", "/payments/prepare/{merchant_uid}", 200, {
        code: 0,
        message: null,
        response: { merchant_uid: "o", amount: 1, currency: "KRW" },
      }),
    ).toEqual({ ok: true });
  });
});
