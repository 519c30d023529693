import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../../src/index.js";

const CARD_NUMBER = "4242-4242-4242-4242";

async function tokenFor(mock: RunningMock, key: string): Promise<string> {
  const res = await fetch(`${mock.url}/users/getToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_key: key, imp_secret: "test_api_secret" }),
  });
  return ((await res.json()) as { response: { access_token: string } }).response.access_token;
}

const payOnetime = (mock: RunningMock, token: string, merchantUid: string) =>
  fetch(`${mock.url}/subscribe/payments/onetime`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ merchant_uid: merchantUid, amount: 1000, card_number: CARD_NUMBER, expiry: "2030-12", birth: "900101" }),
  });

describe("the request log (GET /__mock/requests)", () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, stateful: true });
  });
  afterAll(() => mock.close());

  it("lists each merchant's own requests with their status, secrets masked, and forgets them on reset", async () => {
    const tokenA = await tokenFor(mock, "test_log_a");
    const tokenB = await tokenFor(mock, "test_log_b");
    expect((await payOnetime(mock, tokenA, "order_log_1")).status).toBe(200);
    await fetch(`${mock.url}/payments/imp_000000000000?include_sandbox=true`, { headers: { authorization: `Bearer ${tokenA}` } });
    expect((await payOnetime(mock, tokenB, "order_log_2")).status).toBe(200);

    const { data } = await mock.control.requests({ token: tokenA });
    const requests = data?.requests ?? [];
    expect(requests.map((r) => [r.method, r.path, r.operation, r.status])).toEqual([
      ["POST", "/users/getToken", "getToken", 200],
      ["POST", "/subscribe/payments/onetime", "payOnetime", 200],
      ["GET", "/payments/imp_000000000000?include_sandbox=true", "getPayment", 404],
    ]);
    expect(requests[1]?.body).toMatchObject({ merchant_uid: "order_log_1", amount: 1000, card_number: "[masked]", expiry: "[masked]" });
    const text = JSON.stringify(data);
    for (const secret of [CARD_NUMBER, "test_api_secret", tokenA, tokenB]) expect(text).not.toContain(secret);
    expect(text).not.toContain("order_log_2"); // merchant B's payment is B's

    expect((await mock.control.requests({ token: tokenB })).data?.requests.map((r) => r.operation)).toEqual(["getToken", "payOnetime"]);
    await mock.control.reset({ token: tokenA });
    const fresh = await tokenFor(mock, "test_log_a");
    expect((await mock.control.requests({ token: fresh })).data?.requests.map((r) => r.operation)).toEqual(["getToken"]);
  });
});

describe("the request log of the stateless mode", () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0 });
  });
  afterAll(() => mock.close());

  it("lists every request to the mock, refusals included, with bodies masked", async () => {
    await payOnetime(mock, "any", "order_s");
    await fetch(`${mock.url}/payments/prepare`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: "t" },
      body: `merchant_uid=order_s&amount=abc&card_number=${CARD_NUMBER}`,
    });
    const { data } = await mock.control.requests();
    expect(data?.requests.map((r) => [r.operation, r.status])).toEqual([
      ["payOnetime", 200],
      ["preparePayment", 400],
    ]);
    expect(data?.requests[1]?.body).toEqual({ merchant_uid: "order_s", amount: "abc", card_number: "[masked]" });
    expect(JSON.stringify(data)).not.toContain(CARD_NUMBER);
  });
});
