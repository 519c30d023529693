import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../../src/index.js";

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ port: 0 });
});
afterAll(() => mock.close());

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

describe("stateless mock", () => {
  it("listens on loopback and reports its URL", () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("issues a token from getToken", async () => {
    const res = await fetch(`${mock.url}/users/getToken`, { method: "POST", ...json({ imp_key: "k", imp_secret: "s" }) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.code).toBe(0);
    expect(typeof body.response.access_token).toBe("string");
    expect(body.response.expired_at - body.response.now).toBe(1800);
  });

  it("accepts form-urlencoded bodies", async () => {
    const res = await fetch(`${mock.url}/payments/prepare`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: "Bearer t" },
      body: "merchant_uid=order_1&amount=1000",
    });
    expect(res.status).toBe(200);
    expect((await res.json()).code).toBe(0);
  });

  it("answers 401 in the envelope when Authorization is missing", async () => {
    const res = await fetch(`${mock.url}/payments/imp_448280090638`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: -1, response: null, message: expect.stringContaining("Unauthorized") });
  });

  it("accepts the bare token form of Authorization", async () => {
    const res = await fetch(`${mock.url}/payments/imp_448280090638`, { headers: { authorization: "some-token" } });
    expect(res.status).toBe(200);
  });

  it("rejects an invalid body with 400 and lists every violation", async () => {
    const res = await fetch(`${mock.url}/payments/prepare`, {
      method: "POST",
      ...json({ amount: -1 }, { authorization: "Bearer t" }),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ code: -1, response: null });
    const messages = body.violations.map((v: { message: string }) => v.message).join("\n");
    expect(messages).toMatch(/merchant_uid/);
    expect(messages).toMatch(/>= 0/);
  });

  it("rejects malformed JSON with 400", async () => {
    const res = await fetch(`${mock.url}/users/getToken`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/not valid JSON/);
  });

  it("serves the supplements API on the same port", async () => {
    const res = await fetch(`${mock.url}/api/supplements/v1/link/payment`, {
      method: "POST",
      ...json({ payment_info: '{"title":"t"}', expired_at: 1796054400 }, { authorization: "Bearer t" }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).shortenedUrl).toMatch(/^https:\/\//);
  });

  it("answers 404 for a path that is not in the spec", async () => {
    const res = await fetch(`${mock.url}/no/such/path`);
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe(-1);
  });
});
