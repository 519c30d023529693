import { errorLog } from "@iamport-contract/test-support/error-log";
import type { Middleware } from "openapi-fetch";
import { afterAll, describe, expect, it } from "vitest";
import { createIamportClient, IamportApiError, unwrap } from "../../src/index.js";
import { API_KEY, API_SECRET, envelope, fakePortOne, type Handler, json, refusal } from "../helpers/fake-portone.js";

const CARD = "4111111111111111";
const log = errorLog();
log.secrets.add(API_SECRET);
log.secrets.add(CARD);
afterAll(() => log.assertNoSecrets());

function setup(handler?: Handler) {
  const fake = fakePortOne(handler ? { handler } : {});
  const client = createIamportClient({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    baseUrl: "http://portone.test",
    fetch: fake.fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
  return { fake, client };
}

/** Fails the test instead of hanging it when a call waits on itself. */
const settlesWithin = <T>(promise: Promise<T>, ms = 2000): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms))]);

const onetime = (client: ReturnType<typeof setup>["client"]) =>
  client.v1.POST("/subscribe/payments/onetime", {
    body: { merchant_uid: "order_1", amount: 1000, card_number: CARD, expiry: "2029-12", birth: "900101", pwd_2digit: "12" },
  });

describe("user middleware cannot break the transport", () => {
  it("a request-cloning onRequest (new Request with an added header) neither hangs nor loses the token", async () => {
    const { fake, client } = setup();
    client.v1.use({
      onRequest: ({ request }) => {
        const headers = new Headers(request.headers);
        headers.set("X-Trace", "t-1");
        return new Request(request, { headers });
      },
    });
    const { data, error } = await settlesWithin(client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_1" } } }));
    expect(error).toBeUndefined();
    expect(data).toEqual(envelope({ ok: true }));
    expect(fake.tokenCalls()).toBe(1); // getToken never went through the user's middleware
    expect(fake.apiCalls()[0]).toMatchObject({ authorization: `Bearer ${fake.currentToken()}` });
    log.addTokensFrom(fake.calls);
  });

  it("a cloning middleware still gets a 401 refreshed once and replayed once", async () => {
    const { fake, client } = setup();
    client.v1.use({ onRequest: ({ request }) => request.clone() });
    await unwrap(client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_1" } } }));
    fake.revokeCurrentToken();
    await settlesWithin(unwrap(client.v1.POST("/payments/cancel", { body: { imp_uid: "imp_1" } })));
    expect(fake.tokenCalls()).toBe(2);
    expect(fake.apiCalls().map((c) => c.path)).toEqual(["/payments/imp_1", "/payments/cancel", "/payments/cancel"]);
    log.addTokensFrom(fake.calls);
  });

  it("a response-replacing onResponse cannot make an error leak card data or lose the operation", async () => {
    const { fake, client } = setup(() => json(200, refusal(-1, `카드정보 인증에 실패하였습니다. invalid card ${CARD}`)));
    client.v1.use({
      onResponse: async ({ response }) =>
        new Response(await response.text(), { status: response.status, headers: { "content-type": "application/json" } }),
    });
    const { data, error } = await onetime(client);
    expect(data).toBeUndefined();
    expect(log.record(error)).toBeInstanceOf(IamportApiError);
    expect(error).toMatchObject({ status: 200, code: -1, operation: { method: "POST", path: "/subscribe/payments/onetime" } });
    expect(error?.apiMessage).toContain("[REDACTED]");
    const thrown = await log.rejection(unwrap(onetime(client)));
    expect(thrown).toMatchObject({ operation: { path: "/subscribe/payments/onetime" } });
    log.addTokensFrom(fake.calls);
  });

  it("a replaced response echoing a card number the call never sent is masked too", async () => {
    const other = "5105 1051 0510 5100";
    log.secrets.add(other);
    const { fake, client } = setup();
    client.v1.use({ onResponse: () => json(400, refusal(-1, `invalid card ${other}`)) });
    const { error } = await client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_1" } } });
    expect(log.record(error)?.apiMessage).toBe("invalid card [REDACTED]");
    log.addTokensFrom(fake.calls);
  });

  it("a throwing onRequest rejects the call with its own error, without hanging the next calls", async () => {
    const { fake, client } = setup();
    const boom: Middleware = {
      onRequest: () => {
        throw new Error("middleware failed");
      },
    };
    client.v1.use(boom);
    await expect(settlesWithin(client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_1" } } }))).rejects.toThrow(
      "middleware failed",
    );
    client.v1.eject(boom);
    expect((await client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_1" } } })).error).toBeUndefined();
    expect(fake.tokenCalls()).toBe(1);
    log.addTokensFrom(fake.calls);
  });

  it("a middleware that calls fetch itself gets the token on its request, and the answer is handled as usual", async () => {
    const { fake, client } = setup(() => json(200, refusal(1, "이미 전액취소된 주문입니다.")));
    let seen: string | null = null;
    client.v1.use({
      onRequest: ({ request }) => {
        seen = request.headers.get("authorization");
        return fake.fetch(request);
      },
    });
    const { data, error } = await settlesWithin(client.v1.POST("/payments/cancel", { body: { imp_uid: "imp_1" } }));
    expect(data).toBeUndefined();
    expect(log.record(error)).toMatchObject({ code: 1, operation: { path: "/payments/cancel" } });
    expect(seen).toBe(`Bearer ${fake.currentToken()}`);
    log.addTokensFrom(fake.calls);
  });

  it("a middleware on a POST that fails in fetch is not retried (a GET is)", async () => {
    let failures = 0;
    const { fake, client } = setup(() => {
      failures += 1;
      return json(503, refusal(-1, "busy"));
    });
    client.v1.use({ onRequest: ({ request }) => new Request(request) });
    await client.v1.POST("/payments/cancel", { body: { imp_uid: "imp_1" } });
    expect(failures).toBe(1);
    await client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_1" } } });
    expect(failures).toBe(1 + 3); // first attempt and 2 retries
    log.addTokensFrom(fake.calls);
  });
});
