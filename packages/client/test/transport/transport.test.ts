import { errorLog } from "@iamport-contract/test-support/error-log";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createIamportClient, IamportError, IamportNetworkError, IamportTimeoutError, unwrap } from "../../src/index.js";
import { backoffDelay } from "../../src/transport.js";
import { API_KEY, API_SECRET, envelope, fakePortOne, type Handler, json } from "../helpers/fake-portone.js";

const log = errorLog();
log.secrets.add(API_SECRET);
afterAll(() => log.assertNoSecrets());
afterEach(() => {
  vi.useRealTimers();
});

type Options = Parameters<typeof createIamportClient>[0];
const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 };

function setup(handler: Handler, extra: Partial<Options> = {}) {
  const fake = fakePortOne({ handler });
  const client = createIamportClient({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    baseUrl: "http://portone.test",
    supplementsBaseUrl: "http://supplements.test",
    fetch: fake.fetch,
    retry: FAST_RETRY,
    ...extra,
  });
  return { fake, client };
}

/** A handler answering the given statuses in turn (the last one repeats), counting calls. */
function sequence(...statuses: number[]): Handler {
  let i = 0;
  return () => {
    const status = statuses[Math.min(i++, statuses.length - 1)] ?? 200;
    return status === 200 ? json(200, envelope({ ok: true })) : json(status, { code: -1, message: `HTTP ${status}`, response: null });
  };
}

const getPayment = (client: ReturnType<typeof setup>["client"], init: { signal?: AbortSignal } = {}) =>
  client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_448280090638" } }, ...init });
const prepare = (client: ReturnType<typeof setup>["client"]) =>
  client.v1.POST("/payments/prepare", { body: { merchant_uid: "order_20261126_0001", amount: 10000 } });

describe("retries", () => {
  it("never retries a POST that got 500", async () => {
    const { fake, client } = setup(sequence(500, 200));
    const result = await prepare(client);
    expect(result.response.status).toBe(500);
    expect(fake.apiCalls()).toHaveLength(1);
    // The next call is a new call, and gets the next answer.
    expect(await unwrap(prepare(client))).toEqual({ ok: true });
    expect(fake.apiCalls()).toHaveLength(2);
    log.addTokensFrom(fake.calls);
  });

  it("surfaces a POST 500 as IamportApiError naming the operation", async () => {
    const { fake, client } = setup(sequence(500));
    const error = await log.rejection(unwrap(prepare(client)));
    expect(error).toMatchObject({
      name: "IamportApiError",
      status: 500,
      code: -1,
      operation: { method: "POST", path: "/payments/prepare" },
    });
    expect(fake.apiCalls()).toHaveLength(1);
  });

  it("never retries a POST that got 429", async () => {
    const { fake, client } = setup(sequence(429, 200));
    expect((await prepare(client)).response.status).toBe(429);
    expect(fake.apiCalls()).toHaveLength(1);
  });

  it("retries a GET that got 503, then succeeds", async () => {
    const { fake, client } = setup(sequence(503, 503, 200));
    const { data, response } = await getPayment(client);
    expect(response.status).toBe(200);
    expect(data).toEqual(envelope({ ok: true }));
    expect(fake.apiCalls()).toHaveLength(3);
  });

  it("gives up on a GET after the configured retries and returns the last answer", async () => {
    const { fake, client } = setup(sequence(503), { retry: { ...FAST_RETRY, retries: 2 } });
    expect((await getPayment(client)).response.status).toBe(503);
    expect(fake.apiCalls()).toHaveLength(3);
  });

  it("does not retry at all with retry: false", async () => {
    const { fake, client } = setup(sequence(503, 200), { retry: false });
    expect((await getPayment(client)).response.status).toBe(503);
    expect(fake.apiCalls()).toHaveLength(1);
  });

  it("does not retry a GET that got 404", async () => {
    const { fake, client } = setup(sequence(404, 200));
    expect((await getPayment(client)).response.status).toBe(404);
    expect(fake.apiCalls()).toHaveLength(1);
  });

  it("honours Retry-After on 429, capped by maxDelayMs", async () => {
    vi.useFakeTimers();
    let calls = 0;
    const { client } = setup(
      () =>
        ++calls === 1
          ? json(429, { code: -1, message: "slow down", response: null }, { "retry-after": "2" })
          : json(200, envelope({ ok: true })),
      { retry: { baseDelayMs: 10, maxDelayMs: 60_000 } },
    );
    const pending = getPayment(client);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).response.status).toBe(200);
    expect(calls).toBe(2);
  });

  it("retries a GET after a network error, but never a POST", async () => {
    let failures = 1;
    const { fake, client } = setup(() => {
      if (failures-- > 0) throw new TypeError("fetch failed", { cause: new Error("connect ECONNRESET") });
      return undefined;
    });
    expect((await getPayment(client)).response.status).toBe(200);
    expect(fake.apiCalls()).toHaveLength(2);

    failures = 1;
    const error = await log.rejection(prepare(client));
    expect(error).toBeInstanceOf(IamportNetworkError);
    expect((error as Error).message).toContain("ECONNRESET");
    expect(error).toMatchObject({ operation: { method: "POST", path: "/payments/prepare" } });
    expect(fake.apiCalls()).toHaveLength(3);
    log.addTokensFrom(fake.calls);
  });

  it("backs off exponentially with jitter, within bounds", () => {
    const retry = { retries: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(0, retry, () => 0)).toBe(50);
    expect(backoffDelay(0, retry, () => 0.999)).toBeCloseTo(100, 0);
    expect(backoffDelay(2, retry, () => 0)).toBe(200);
    expect(backoffDelay(2, retry, () => 0.999)).toBeCloseTo(400, 0);
    expect(backoffDelay(10, retry, () => 0.999)).toBe(1_000);
    expect(backoffDelay(0, retry, () => 0.5, "3")).toBe(1_000);
    expect(backoffDelay(0, retry, () => 0.5, "0.2")).toBe(200);
    expect(backoffDelay(1, retry, () => 0, "Wed, 21 Oct 2015 07:28:00 GMT")).toBe(100);
  });
});

describe("timeouts", () => {
  /** A fetch that never answers and ignores its signal, the worst case. */
  const hang: Handler = () => new Promise<Response>(() => {});

  it("rejects a GET with IamportTimeoutError after timeoutMs", async () => {
    vi.useFakeTimers();
    const { fake, client } = setup(hang, { timeoutMs: 1_000, retry: false });
    const outcome = log.rejection(getPayment(client));
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(IamportTimeoutError);
    expect(error).toBeInstanceOf(IamportNetworkError);
    expect(error).toMatchObject({ operation: { method: "GET", path: "/payments/{imp_uid}" } });
    expect(fake.apiCalls()).toHaveLength(1);
  });

  it("retries a timed-out GET, but a timed-out POST is tried once", async () => {
    vi.useFakeTimers();
    const { fake, client } = setup(hang, { timeoutMs: 1_000, retry: { retries: 1, baseDelayMs: 100, maxDelayMs: 100 } });
    const get = log.rejection(getPayment(client));
    await vi.advanceTimersByTimeAsync(2_200);
    expect(await get).toBeInstanceOf(IamportTimeoutError);
    expect(fake.apiCalls()).toHaveLength(2);

    const post = log.rejection(prepare(client));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await post).toBeInstanceOf(IamportTimeoutError);
    expect(fake.apiCalls()).toHaveLength(3);
  });

  it("covers a response body that never ends", async () => {
    vi.useFakeTimers();
    const { client } = setup(
      () => new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"code":0,')) }), { status: 200 }),
      {
        timeoutMs: 500,
        retry: false,
      },
    );
    const outcome = log.rejection(getPayment(client));
    await vi.advanceTimersByTimeAsync(500);
    expect(await outcome).toBeInstanceOf(IamportTimeoutError);
  });

  it("aborts the signal it hands to fetch on timeout", async () => {
    vi.useFakeTimers();
    let seen: AbortSignal | undefined;
    const fake = fakePortOne();
    const client = createIamportClient({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      baseUrl: "http://portone.test",
      timeoutMs: 300,
      retry: false,
      fetch: (request, init) => {
        if (new URL(request.url).pathname === "/users/getToken") return fake.fetch(request);
        seen = init.signal;
        return new Promise(() => {});
      },
    });
    const outcome = log.rejection(getPayment(client));
    await vi.advanceTimersByTimeAsync(300);
    expect(await outcome).toMatchObject({ message: "GET /payments/{imp_uid}: timed out after 300 ms" });
    expect(seen?.aborted).toBe(true);
  });

  it("bounds a user onRequest middleware that never settles, with an error saying nothing was sent, and no retry", async () => {
    vi.useFakeTimers();
    const { fake, client } = setup(() => json(200, envelope({ ok: true })), { timeoutMs: 400 });
    const stuck = { onRequest: () => new Promise<undefined>(() => {}) };
    client.v1.use(stuck);
    const outcome = log.rejection(getPayment(client));
    await vi.advanceTimersByTimeAsync(400);
    const error = await outcome;
    expect(error).toBeInstanceOf(IamportTimeoutError);
    expect(error).toMatchObject({ message: "GET /payments/{imp_uid}: onRequest middleware hung 400 ms; not sent" });
    expect(fake.apiCalls()).toHaveLength(0);
    client.v1.eject(stuck);
    expect((await getPayment(client)).error).toBeUndefined();
    log.addTokensFrom(fake.calls);
  });

  it("bounds a user onResponse middleware that never settles; a POST is not retried", async () => {
    vi.useFakeTimers();
    const { fake, client } = setup(() => json(200, envelope({ ok: true })), { timeoutMs: 400 });
    client.v1.use({ onResponse: () => new Promise<undefined>(() => {}) });
    const outcome = log.rejection(prepare(client));
    await vi.advanceTimersByTimeAsync(400);
    expect(await outcome).toMatchObject({
      name: "IamportTimeoutError",
      message: "POST /payments/prepare: timed out after 400 ms",
    });
    expect(fake.apiCalls()).toHaveLength(1);
    log.addTokensFrom(fake.calls);
  });
});

describe("the caller's AbortSignal", () => {
  it("stops a call in flight with the caller's reason, and no retry follows", async () => {
    const { fake, client } = setup(() => new Promise<Response>(() => {}));
    const controller = new AbortController();
    const outcome = log.rejection(getPayment(client, { signal: controller.signal }));
    await vi.waitFor(() => expect(fake.apiCalls()).toHaveLength(1));
    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
    expect(error).not.toBeInstanceOf(IamportError);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.apiCalls()).toHaveLength(1);
  });

  it("stops the wait between two retries", async () => {
    const { fake, client } = setup(sequence(503), { retry: { retries: 2, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const controller = new AbortController();
    const outcome = log.rejection(getPayment(client, { signal: controller.signal }));
    await vi.waitFor(() => expect(fake.apiCalls()).toHaveLength(1));
    controller.abort(new Error("user went away"));
    expect(await outcome).toMatchObject({ message: "user went away" });
    expect(fake.apiCalls()).toHaveLength(1);
  });

  it("stops only its own wait for a shared token lookup", async () => {
    const fake = fakePortOne({ tokenDelayMs: 50 });
    const client = createIamportClient({ apiKey: API_KEY, apiSecret: API_SECRET, baseUrl: "http://portone.test", fetch: fake.fetch });
    const controller = new AbortController();
    const aborted = log.rejection(getPayment(client, { signal: controller.signal }));
    const other = getPayment(client);
    controller.abort();
    expect(await aborted).toBeInstanceOf(DOMException);
    expect((await other).response.status).toBe(200);
    expect(fake.tokenCalls()).toBe(1);
    expect(fake.apiCalls()).toHaveLength(1);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const { fake, client } = setup(() => undefined);
    await client.auth.getAccessToken();
    const error = await log.rejection(getPayment(client, { signal: AbortSignal.abort() }));
    expect((error as DOMException).name).toBe("AbortError");
    expect(fake.apiCalls()).toHaveLength(0);
  });
});

describe("headers", () => {
  it("sends the token as Bearer and the tier code as Tier to V1, but not to getToken nor the supplements API", async () => {
    const { fake, client } = setup(() => undefined, { tierCode: "tier_a1" });
    await getPayment(client);
    await client.supplements.PUT("/api/supplements/v1/link/payment/{id}", { params: { path: { id: "4bdf239e" } } });
    const [getToken, payment, link] = fake.calls;
    expect(getToken).toMatchObject({ path: "/users/getToken", authorization: null, tier: null });
    expect(payment).toMatchObject({ tier: "tier_a1", authorization: `Bearer ${fake.currentToken()}` });
    // The supplements API names the merchant by `user_code` in the body and documents no Tier header.
    expect(link).toMatchObject({ tier: null, authorization: `Bearer ${fake.currentToken()}` });
  });

  it("lets a call's own Tier header win", async () => {
    const { fake, client } = setup(() => undefined, { tierCode: "tier_a1" });
    await client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_1" } }, headers: { Tier: "tier_b2" } });
    expect(fake.apiCalls()[0]?.tier).toBe("tier_b2");
  });

  it("keeps the response's status and headers", async () => {
    const { client } = setup(() => json(200, envelope({ ok: true }), { "x-request-id": "req-1" }));
    const { response } = await getPayment(client);
    expect(response.headers.get("x-request-id")).toBe("req-1");
    expect(response.status).toBe(200);
  });
});
