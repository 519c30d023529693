import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../../src/index.js";

async function call(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
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

describe("faults in the stateful mode", () => {
  let mock: RunningMock;
  let token: string;
  let other: string;
  let impUid: string;
  const api = (method: string, path: string, body?: unknown, as = token) => call(mock.url, method, path, as, body);

  beforeAll(async () => {
    mock = await startMock({ port: 0, stateful: true });
    token = (await call(mock.url, "POST", "/users/getToken", undefined, { imp_key: "test_faults", imp_secret: "test_api_secret" })).body
      .response.access_token;
    other = (await call(mock.url, "POST", "/users/getToken", undefined, { imp_key: "test_bystander", imp_secret: "test_api_secret" })).body
      .response.access_token;
    const paid = await api("POST", "/subscribe/payments/onetime", {
      merchant_uid: "order_fault",
      amount: 1000,
      card_number: "4242-4242-4242-4242",
      expiry: "2030-12",
    });
    impUid = paid.body.response.imp_uid;
  });
  afterAll(() => mock.close());

  it("answers a refusal fault with HTTP 200 exactly `times` times, by operationId", async () => {
    const set = await api("POST", "/__mock/faults", {
      operation: "getPayment",
      refusal: { code: -7, message: "잠시 후 다시 시도" },
      times: 2,
    });
    expect(set.status).toBe(200);
    expect(set.body.faults).toHaveLength(1);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await api("GET", `/payments/${impUid}`));
    expect(answers.map((a) => [a.status, a.body.code])).toEqual([
      [200, -7],
      [200, -7],
      [200, 0],
    ]);
    expect(answers[0]?.body).toEqual({ code: -7, message: "잠시 후 다시 시도", response: null });
  });

  it("answers a status fault exactly `times` times, by METHOD /template, and only for its merchant", async () => {
    await api("POST", "/__mock/faults", { operation: "GET /payments/{imp_uid}", status: 503, times: 1 });
    expect((await api("GET", `/payments/${impUid}`, undefined, other)).status).toBe(404);
    const first = await api("GET", `/payments/${impUid}`);
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ code: -1, response: null });
    expect((await api("GET", `/payments/${impUid}`)).status).toBe(200);
  });

  it("delays an answer and applies to operations without state too", async () => {
    await api("POST", "/__mock/faults", { operation: "getPaymentBalance", delayMs: 300 });
    const started = Date.now();
    const slow = await api("GET", `/payments/${impUid}/balance`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(slow.status).toBe(200);
  });

  it("clears faults, and refuses an unknown operation", async () => {
    await api("POST", "/__mock/faults", { operation: "getPayment", status: 500, times: 5 });
    const cleared = await api("DELETE", "/__mock/faults");
    expect(cleared.body.faults).toEqual([]);
    expect((await api("GET", `/payments/${impUid}`)).status).toBe(200);
    const unknown = await api("POST", "/__mock/faults", { operation: "noSuchOperation", status: 500 });
    expect(unknown.status).toBe(400);
    const invalid = await api("POST", "/__mock/faults", { operation: "getPayment", status: 200 });
    expect(invalid.status).toBe(400);
  });
});

describe("faults in the stateless mode", () => {
  it("apply to the whole mock exactly `times` times", async () => {
    const mock = await startMock({ port: 0 });
    try {
      await call(mock.url, "POST", "/__mock/faults", undefined, { operation: "getToken", status: 502, times: 2 });
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await call(mock.url, "POST", "/users/getToken", undefined, { imp_key: "k", imp_secret: "s" })).status);
      }
      expect(statuses).toEqual([502, 502, 200]);
    } finally {
      await mock.close();
    }
  });
});
