import { errorLog } from "@iamport-contract/test-support/error-log";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createIamportClient, IamportApiError, IamportTimeoutError, isRefusal, unwrap } from "../../src/index.js";
import { API_KEY, API_SECRET, envelope, type FakePortOneOptions, fakePortOne, json, refusal } from "../helpers/fake-portone.js";
import { serveOnLoopback } from "../helpers/loopback.js";

/**
 * Issue #14's behaviour check, over real sockets: the fake PortOne (its token
 * rules on its own clock) served by node:http on 127.0.0.1, the client on the
 * runtime's own fetch, nothing injected.
 */

const CARD = "4111111111111111";
const log = errorLog();
log.secrets.add(API_SECRET);
log.secrets.add(CARD);
afterAll(() => log.assertNoSecrets());

const servers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setup(options: FakePortOneOptions = {}, extra: { timeoutMs?: number } = {}) {
  const fake = fakePortOne(options);
  const server = await serveOnLoopback(fake.fetch);
  servers.push(server);
  const client = createIamportClient({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    baseUrl: server.url,
    supplementsBaseUrl: server.url,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  });
  return { fake, client };
}
type Client = Awaited<ReturnType<typeof setup>>["client"];

const getPayment = (client: Client) => client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_448280090638" } } });
const cancel = (client: Client) => client.v1.POST("/payments/cancel", { body: { imp_uid: "imp_448280090638" } });
const charge = (client: Client) =>
  client.v1.POST("/subscribe/payments/onetime", {
    body: { merchant_uid: "order_loopback_1", amount: 1000, card_number: CARD, expiry: "2029-12", birth: "900101", pwd_2digit: "12" },
  });

/** Fails the test instead of hanging it. */
const settlesWithin = <T>(promise: Promise<T>, ms = 3000): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms))]);

describe("the client over loopback HTTP against the fake PortOne", () => {
  it("a refusal with HTTP 200 is an error with { data, error } and with unwrap, and isRefusal tells it", async () => {
    const { fake, client } = await setup({ handler: () => json(200, refusal(1, "이미 전액취소된 주문입니다.")) });
    const { data, error, response } = await cancel(client);
    expect(response.status).toBe(200);
    expect(data).toBeUndefined();
    expect(log.record(error)).toBeInstanceOf(IamportApiError);
    expect(error).toMatchObject({ status: 200, code: 1, operation: { method: "POST", path: "/payments/cancel" } });
    expect(isRefusal(error, 1)).toBe(true);
    const thrown = await log.rejection(unwrap(cancel(client)));
    expect({ ...(thrown as object) }).toEqual({ ...error });
    log.addTokensFrom(fake.calls);
  });

  it("single flight: 30 concurrent calls on a cold cache make one getToken", async () => {
    const { fake, client } = await setup({ tokenDelayMs: 50 });
    const results = await Promise.all(Array.from({ length: 30 }, () => getPayment(client)));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(fake.tokenCalls()).toBe(1);
    log.addTokensFrom(fake.calls);
  });

  it.each([
    ["10 minutes ahead", 10],
    ["10 minutes behind", -10],
  ])("judges expiry on PortOne's clock with the host clock %s: never sends an expired token", async (_label, skewMinutes) => {
    // A 3-second token: the client must refresh it in time, on PortOne's clock (PortOne then extends it).
    const { fake, client } = await setup({ tokenLifeSeconds: 3 });
    vi.useFakeTimers({ toFake: ["Date"] }); // only the wall clock moves; sockets and timers stay real
    vi.setSystemTime(fake.serverNow() * 1000 + skewMinutes * 60_000);
    const until = performance.now() + 3_500;
    while (performance.now() < until) {
      expect((await getPayment(client)).response.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(fake.expiredTokenUses()).toBe(0);
    // The first token, then its refresh inside the margin (PortOne extends it by 5 minutes): not one per call.
    expect(fake.tokenCalls()).toBe(2);
    log.addTokensFrom(fake.calls);
  });

  it("a 401 gets one fresh token and one replay, for a POST too", async () => {
    const { fake, client } = await setup();
    await unwrap(getPayment(client));
    fake.revokeCurrentToken();
    expect((await cancel(client)).error).toBeUndefined();
    expect(fake.tokenCalls()).toBe(2);
    expect(fake.apiCalls().map((c) => `${c.method} ${c.path}`)).toEqual([
      "GET /payments/imp_448280090638",
      "POST /payments/cancel",
      "POST /payments/cancel",
    ]);
    log.addTokensFrom(fake.calls);
  });

  it("never retries a charge (POST) on 503, retries a GET", async () => {
    let answered = 0;
    const { fake, client } = await setup({
      handler: () => {
        answered++;
        return json(503, refusal(-1, "busy"));
      },
    });
    expect((await charge(client)).response.status).toBe(503);
    expect(answered).toBe(1);
    expect((await getPayment(client)).response.status).toBe(503);
    expect(answered).toBe(1 + 3);
    log.addTokensFrom(fake.calls);
  });

  it("never retries a charge whose connection dropped; the error carries no card data", async () => {
    const { fake, client } = await setup({
      handler: () => {
        throw new Error("connection dropped"); // the loopback server destroys the socket
      },
    });
    const error = await log.rejection(unwrap(charge(client)));
    expect(error).toMatchObject({ name: "IamportNetworkError", operation: { method: "POST", path: "/subscribe/payments/onetime" } });
    expect(fake.apiCalls()).toHaveLength(1);
    log.addTokensFrom(fake.calls);
  });

  it("masks the card number, token and secret PortOne echoes, for 4xx, 5xx and refusals alike", async () => {
    const { fake, client } = await setup({
      handler: (call) => {
        const status = call.path.startsWith("/subscribe") ? [400, 500, 200][fake.apiCalls().length % 3] : 200;
        return json(status ?? 200, refusal(-1, `invalid card ${CARD} in ${call.body} with ${call.authorization} (${API_SECRET})`));
      },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { error } = await charge(client);
      expect(log.record(error)).toBeInstanceOf(IamportApiError);
      expect(error?.apiMessage).toContain("invalid card [REDACTED]");
      statuses.push(error?.status ?? 0);
    }
    expect(statuses.sort()).toEqual([200, 400, 500]);
    log.addTokensFrom(fake.calls);
  });

  it("a request-cloning middleware does not hang, and the token is still sent", async () => {
    const { fake, client } = await setup();
    client.v1.use({
      onRequest: ({ request }) => {
        const headers = new Headers(request.headers);
        headers.set("X-Trace", "t-1");
        return new Request(request, { headers });
      },
    });
    const { data, error } = await settlesWithin(getPayment(client));
    expect(error).toBeUndefined();
    expect(data).toEqual(envelope({ ok: true }));
    expect(fake.apiCalls()[0]?.authorization).toBe(`Bearer ${fake.currentToken()}`);
    log.addTokensFrom(fake.calls);
  });

  it("a response-replacing middleware neither loses the operation nor leaks card data", async () => {
    const { fake, client } = await setup({ handler: () => json(200, refusal(-1, `카드정보 인증에 실패하였습니다. invalid card ${CARD}`)) });
    client.v1.use({
      onResponse: async ({ response }) =>
        new Response(await response.text(), { status: response.status, headers: { "content-type": "application/json" } }),
    });
    const { data, error } = await charge(client);
    expect(data).toBeUndefined();
    expect(log.record(error)).toMatchObject({ status: 200, code: -1, operation: { path: "/subscribe/payments/onetime" } });
    expect(error?.apiMessage).toBe("카드정보 인증에 실패하였습니다. invalid card [REDACTED]");
    log.addTokensFrom(fake.calls);
  });

  it("a middleware that hangs is bounded by timeoutMs with a clear error; one that returns garbage gets openapi-fetch's", async () => {
    const { fake, client } = await setup({}, { timeoutMs: 300 });
    const hung = { onRequest: () => new Promise<undefined>(() => {}) };
    client.v1.use(hung);
    const error = await log.rejection(settlesWithin(charge(client)));
    expect(error).toBeInstanceOf(IamportTimeoutError);
    expect((error as Error).message).toBe("POST /subscribe/payments/onetime: onRequest middleware hung 300 ms; not sent");
    expect(fake.apiCalls()).toHaveLength(0);
    client.v1.eject(hung);

    const garbage = { onResponse: () => "not a response" as unknown as Response };
    client.v1.use(garbage);
    await expect(settlesWithin(getPayment(client))).rejects.toThrow("onResponse: must return new Response()");
    client.v1.eject(garbage);
    expect((await getPayment(client)).error).toBeUndefined();
    log.addTokensFrom(fake.calls);
  });
});
