import { errorLog } from "@iamport-contract/test-support/error-log";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import {
  createIamportClient,
  IamportApiError,
  IamportAuthError,
  memoryTokenStore,
  type StoredToken,
  type TokenStore,
  unwrap,
} from "../../src/index.js";
import { API_KEY, API_SECRET, envelope, fakePortOne, json } from "../helpers/fake-portone.js";

const log = errorLog();
log.secrets.add(API_SECRET);
afterAll(() => log.assertNoSecrets());
afterEach(() => {
  vi.useRealTimers();
});

type Fake = ReturnType<typeof fakePortOne>;
const clientFor = (fake: Fake, extra: Partial<Parameters<typeof createIamportClient>[0]> = {}) =>
  createIamportClient({ apiKey: API_KEY, apiSecret: API_SECRET, baseUrl: "http://portone.test", fetch: fake.fetch, ...extra });
const getPayment = (client: ReturnType<typeof clientFor>) =>
  client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_448280090638" } } });

describe("single flight", () => {
  it("makes exactly one getToken request for 100 concurrent calls on a cold cache", async () => {
    const fake = fakePortOne({ tokenDelayMs: 20 });
    const client = clientFor(fake);
    const results = await Promise.all(Array.from({ length: 100 }, () => getPayment(client)));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(fake.tokenCalls()).toBe(1);
    const bearers = new Set(fake.apiCalls().map((c) => c.authorization));
    expect(bearers).toEqual(new Set([`Bearer ${fake.currentToken()}`]));
    expect(fake.apiCalls()).toHaveLength(100);
    log.addTokensFrom(fake.calls);
  });

  it("shares one getToken among concurrent auth.getAccessToken() callers too", async () => {
    const fake = fakePortOne({ tokenDelayMs: 5 });
    const client = clientFor(fake);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => client.auth.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(fake.tokenCalls()).toBe(1);
  });
});

describe("expiry is judged on PortOne's clock", () => {
  for (const [label, skewMinutes] of [
    ["10 minutes behind", -10],
    ["10 minutes ahead", 10],
  ] as const) {
    it(`never sends an expired token when the host clock is ${label}`, async () => {
      vi.useFakeTimers();
      const fake = fakePortOne();
      vi.setSystemTime(fake.serverNow() * 1000 + skewMinutes * 60_000);
      expect(Math.abs(Date.now() / 1000 - fake.serverNow())).toBeGreaterThan(590);
      const client = clientFor(fake);
      const statuses: number[] = [];
      // A call every 20 s for 100 minutes: more than three token lifetimes.
      for (let i = 0; i < 300; i++) {
        statuses.push((await getPayment(client)).response.status);
        await vi.advanceTimersByTimeAsync(20_000);
      }
      expect(fake.expiredTokenUses()).toBe(0);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      expect(fake.apiCalls()).toHaveLength(300);
      // Refreshed, but not per call.
      // Refreshed in PortOne's last minute, which extends the token by 5 minutes:
      // once at ~29 min, then once per extension, never per call.
      expect(fake.tokenCalls()).toBeGreaterThan(10);
      expect(fake.tokenCalls()).toBeLessThanOrEqual(2 + Math.ceil((100 * 60 - 1800) / 300));
      log.addTokensFrom(fake.calls);
    });
  }

  it("keeps the token until the margin, then refreshes (and PortOne extends it)", async () => {
    vi.useFakeTimers();
    const fake = fakePortOne();
    vi.setSystemTime(fake.serverNow() * 1000 + 10 * 60_000);
    const client = clientFor(fake);
    const first = await client.auth.getAccessToken();
    const issuedAt = fake.serverNow();

    await vi.advanceTimersByTimeAsync(1750_000); // 50 s of life left on PortOne's clock
    expect(await client.auth.getAccessToken()).toBe(first);
    expect(fake.tokenCalls()).toBe(1);

    await vi.advanceTimersByTimeAsync(10_000); // 40 s left: inside the 45 s margin
    expect(await client.auth.getAccessToken()).toBe(first);
    expect(fake.tokenCalls()).toBe(2);
    expect(fake.serverNow() - issuedAt).toBeLessThan(1800);

    // PortOne extended it by 5 minutes, so no further getToken for a while.
    await vi.advanceTimersByTimeAsync(200_000);
    await client.auth.getAccessToken();
    expect(fake.tokenCalls()).toBe(2);
  });

  it("does not refetch on every call when PortOne returns a token with little life left", async () => {
    vi.useFakeTimers();
    const fake = fakePortOne({
      // PortOne does not extend a token with 61 s left: it returns it as it is.
      tokenHandler: () =>
        json(200, envelope({ access_token: "tok_short_lived_0123456789", now: fake.serverNow(), expired_at: fake.serverNow() + 61 })),
      handler: () => json(200, envelope({ ok: true })),
    });
    const client = clientFor(fake);
    for (let i = 0; i < 20; i++) {
      await client.auth.getAccessToken();
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(fake.tokenCalls()).toBe(1);
    await vi.advanceTimersByTimeAsync(30_000); // 11 s left: now it must refresh
    await client.auth.getAccessToken();
    expect(fake.tokenCalls()).toBe(2);
  });
});

describe("401 from a call", () => {
  it("drops the token, fetches a fresh one once and replays the request once", async () => {
    const fake = fakePortOne({ handler: (call) => json(200, envelope({ echoed: JSON.parse(call.body || "null") })) });
    const client = clientFor(fake);
    const before = await client.auth.getAccessToken();
    fake.revokeCurrentToken();

    const body = { merchant_uid: "order_20261126_0001", amount: 10000 };
    const { data, response } = await client.v1.POST("/payments/prepare", { body });
    expect(response.status).toBe(200);
    expect(data).toEqual(envelope({ echoed: body }));

    const after = await client.auth.getAccessToken();
    expect(after).not.toBe(before);
    expect(fake.calls.map((c) => `${c.method} ${c.path} ${c.authorization?.slice(7, 15) ?? ""}`.trim())).toEqual([
      "POST /users/getToken",
      `POST /payments/prepare ${before.slice(0, 8)}`,
      "POST /users/getToken",
      `POST /payments/prepare ${after.slice(0, 8)}`,
    ]);
    // The replayed body is byte-for-byte the first one.
    const sent = fake.apiCalls().map((c) => c.body);
    expect(sent[1]).toBe(sent[0]);
    expect(JSON.parse(sent[1] ?? "")).toEqual(body);
    log.addTokensFrom(fake.calls);
  });

  it("surfaces a second 401 instead of looping", async () => {
    const fake = fakePortOne({ handler: () => json(401, { code: -1, message: "Unauthorized", response: null }) });
    const client = clientFor(fake);
    const result = await getPayment(client);
    expect(result.response.status).toBe(401);
    expect(result.error).toMatchObject({ code: -1 });
    expect(fake.apiCalls()).toHaveLength(2);
    expect(fake.tokenCalls()).toBe(2);

    const error = await log.rejection(unwrap(getPayment(client)));
    expect(error).toBeInstanceOf(IamportApiError);
    expect(error).toMatchObject({ status: 401, code: -1, operation: { method: "GET", path: "/payments/{imp_uid}" } });
    expect(fake.apiCalls()).toHaveLength(4);
    log.addTokensFrom(fake.calls);
  });

  it("shares one refresh among concurrent calls that got 401", async () => {
    const fake = fakePortOne({ tokenDelayMs: 5 });
    const client = clientFor(fake);
    await client.auth.getAccessToken();
    fake.revokeCurrentToken();
    const results = await Promise.all(Array.from({ length: 20 }, () => getPayment(client)));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(fake.tokenCalls()).toBe(2);
    expect(fake.apiCalls()).toHaveLength(40);
  });
});

describe("getToken refused", () => {
  it("throws IamportAuthError once per call, with no retry loop", async () => {
    const fake = fakePortOne();
    const client = createIamportClient({
      apiKey: API_KEY,
      apiSecret: "wrong-secret-value",
      baseUrl: "http://portone.test",
      fetch: fake.fetch,
    });
    log.secrets.add("wrong-secret-value");

    const direct = await log.rejection(client.auth.getAccessToken());
    expect(direct).toBeInstanceOf(IamportAuthError);
    expect(direct).toMatchObject({ status: 401, code: -1, operation: { method: "POST", path: "/users/getToken" } });
    expect(fake.tokenCalls()).toBe(1);

    const viaCall = await log.rejection(getPayment(client));
    expect(viaCall).toBeInstanceOf(IamportAuthError);
    expect(fake.tokenCalls()).toBe(2);
    expect(fake.apiCalls()).toHaveLength(0);
  });

  it("treats a refusal inside a 200 envelope as IamportAuthError too", async () => {
    const fake = fakePortOne({ tokenHandler: () => json(200, { code: -1, message: `bad secret ${API_SECRET}`, response: null }) });
    const error = await log.rejection(clientFor(fake).auth.getAccessToken());
    expect(error).toBeInstanceOf(IamportAuthError);
    expect((error as Error).message).toContain("[REDACTED]");
  });

  it("reports a getToken 5xx as IamportApiError, not as an auth failure", async () => {
    const fake = fakePortOne({ tokenHandler: () => json(503, { code: -1, message: "maintenance", response: null }) });
    const error = await log.rejection(clientFor(fake).auth.getAccessToken());
    expect(error).toBeInstanceOf(IamportApiError);
    expect(error).not.toBeInstanceOf(IamportAuthError);
    expect(fake.tokenCalls()).toBe(1);
  });
});

describe("TokenStore", () => {
  it("stores PortOne's times, not the host's, with the remaining life as TTL", async () => {
    vi.useFakeTimers();
    const fake = fakePortOne();
    vi.setSystemTime(Date.UTC(2020, 0, 1)); // a host clock years off
    const writes: Array<{ key: string; token: StoredToken; ttl: number }> = [];
    const store: TokenStore = {
      get: async () => undefined,
      set: async (key, token, ttl) => {
        writes.push({ key, token, ttl });
      },
    };
    const token = await clientFor(fake, { tokenStore: store }).auth.getAccessToken();
    expect(writes).toEqual([
      {
        key: `iamport:${API_KEY}`,
        token: { accessToken: token, issuedAt: fake.serverNow(), expiredAt: fake.serverNow() + 1800 },
        ttl: 1800,
      },
    ]);
  });

  it("lets a fleet share one token: a host picks up another host's refresh instead of calling getToken", async () => {
    vi.useFakeTimers();
    const fake = fakePortOne();
    const store = memoryTokenStore();
    const hostA = clientFor(fake, { tokenStore: store });
    const hostB = clientFor(fake, { tokenStore: store });
    const token = await hostA.auth.getAccessToken();
    expect(await hostB.auth.getAccessToken()).toBe(token); // B learns its offset to PortOne's clock once
    expect(fake.tokenCalls()).toBe(2);

    await vi.advanceTimersByTimeAsync(1760_000); // inside the margin for both
    await hostA.auth.getAccessToken(); // A refreshes: PortOne extends the token, A stores it
    expect(fake.tokenCalls()).toBe(3);
    expect(await hostB.auth.getAccessToken()).toBe(token);
    expect(fake.tokenCalls()).toBe(3); // B used the stored, extended entry
  });

  it("never uses a stored token that PortOne's clock says is expired, whatever the host clock says", async () => {
    vi.useFakeTimers();
    const fake = fakePortOne();
    vi.setSystemTime(fake.serverNow() * 1000 - 10 * 60_000); // host 10 minutes behind PortOne
    const store = memoryTokenStore();
    const host = clientFor(fake, { tokenStore: store });
    await host.auth.getAccessToken();
    fake.revokeCurrentToken();
    // Another host wrote a token that expired 5 s ago on PortOne's clock (still 9:55 ahead on this host's clock).
    await store.set(
      `iamport:${API_KEY}`,
      { accessToken: "tok_stale_from_other_host", issuedAt: fake.serverNow() - 1805, expiredAt: fake.serverNow() - 5 },
      1,
    );
    const { response } = await getPayment(host);
    expect(response.status).toBe(200);
    expect(fake.apiCalls().map((c) => c.authorization)).not.toContain("Bearer tok_stale_from_other_host");
    expect(fake.tokenCalls()).toBe(2);
  });

  it("a fresh host takes a stored token that carries readAt, with no getToken of its own", async () => {
    vi.useFakeTimers();
    const fake = fakePortOne();
    vi.setSystemTime(Date.UTC(2020, 0, 1)); // a host clock years off: readAt, not the host clock, is the reference
    const entries = new Map<string, StoredToken>();
    // A store that counts the entry's life down itself, as Redis does with PTTL: readAt = expiredAt − remaining.
    const countingStore: TokenStore = {
      get: async (key) => {
        const entry = entries.get(key);
        return entry && { ...entry, readAt: fake.serverNow() };
      },
      set: async (key, token) => {
        entries.set(key, token);
      },
    };
    const token = await clientFor(fake, { tokenStore: countingStore }).auth.getAccessToken();
    const fresh = clientFor(fake, { tokenStore: countingStore });
    expect((await getPayment(fresh)).response.status).toBe(200);
    expect(await fresh.auth.getAccessToken()).toBe(token);
    expect(fake.tokenCalls()).toBe(1);

    // 29 minutes on: inside the refresh margin on PortOne's clock, so the fresh host refreshes instead of using it.
    await vi.advanceTimersByTimeAsync(1_770_000);
    const stale = clientFor(fake, { tokenStore: countingStore });
    await stale.auth.getAccessToken();
    expect(fake.tokenCalls()).toBe(2);
  });

  it("a fresh host does not trust a stored token without readAt: it calls getToken once to learn PortOne's clock", async () => {
    const fake = fakePortOne();
    const store = memoryTokenStore();
    await clientFor(fake, { tokenStore: store }).auth.getAccessToken();
    await clientFor(fake, { tokenStore: store }).auth.getAccessToken();
    expect(fake.tokenCalls()).toBe(2);
  });

  it("keeps working when the store fails", async () => {
    const fake = fakePortOne();
    const broken: TokenStore = {
      get: () => Promise.reject(new Error("redis down")),
      set: () => Promise.reject(new Error("redis down")),
    };
    const client = clientFor(fake, { tokenStore: broken });
    expect((await getPayment(client)).response.status).toBe(200);
    expect((await getPayment(client)).response.status).toBe(200);
    expect(fake.tokenCalls()).toBe(1);
  });
});
