import { afterAll, describe, expect, expectTypeOf, inject, it } from "vitest";
import { createIamportClient, IamportApiError, type Payment, unwrap } from "../../src/index.js";
import { API_KEY, API_SECRET, fakePortOne, json } from "../helpers/fake-portone.js";
import { errorLog } from "../helpers/safety.js";

const log = errorLog();
log.secrets.add(API_SECRET);
log.secrets.add("mock_secret");
afterAll(() => log.assertNoSecrets());

const mockUrl = inject("mockUrl");
const client = createIamportClient({ apiKey: "mock_key", apiSecret: "mock_secret", baseUrl: mockUrl, supplementsBaseUrl: mockUrl });

describe("unwrap() against the mock", () => {
  it("returns the envelope's response, typed", async () => {
    const payment = await unwrap(client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_448280090638" } } }));
    expectTypeOf(payment).toEqualTypeOf<Payment>();
    expect(payment.imp_uid).toBe("imp_448280090638");
    expect(payment.status).toBe("paid");
  });

  it("returns a supplements body as it is, and undefined for no body", async () => {
    const link = await unwrap(
      client.supplements.POST("/api/supplements/v1/link/payment", {
        body: { payment_info: JSON.stringify({ title: "t" }), expired_at: 1796054400 },
      }),
    );
    expect(link.shortenedUrl).toMatch(/^https:\/\//);
    const nothing = await unwrap(client.supplements.PUT("/api/supplements/v1/link/payment/{id}", { params: { path: { id: "4bdf239e" } } }));
    expect(nothing).toBeUndefined();
  });

  it("throws IamportApiError for the mock's 400, naming the operation by its template", async () => {
    const error = await log.rejection(
      // @ts-expect-error amount is required; the point is to send a bad body
      unwrap(client.v1.POST("/payments/prepare", { body: { merchant_uid: "order_bad" } })),
    );
    log.secrets.add(await client.auth.getAccessToken());
    expect(error).toBeInstanceOf(IamportApiError);
    expect(error).toMatchObject({ status: 400, code: -1, operation: { method: "POST", path: "/payments/prepare" } });
    expect((error as IamportApiError).apiMessage).toMatch(/amount/);
  });
});

describe("unwrap() on refusals PortOne sends with HTTP 200", () => {
  it("throws for an envelope whose code is not 0", async () => {
    const fake = fakePortOne({ handler: () => json(200, { code: 1, message: "이미 전액취소된 주문입니다.", response: null }) });
    const c = createIamportClient({ apiKey: API_KEY, apiSecret: API_SECRET, baseUrl: "http://portone.test", fetch: fake.fetch });
    const result = await c.v1.POST("/payments/cancel", { body: { imp_uid: "imp_448280090638" } });
    expect(result.data).toBeUndefined(); // a refusal is an error in the { data, error } style too
    expect(log.record(result.error)).toMatchObject({ name: "IamportApiError", status: 200, code: 1 });
    const error = await log.rejection(unwrap(c.v1.POST("/payments/cancel", { body: { imp_uid: "imp_448280090638" } })));
    log.addTokensFrom(fake.calls);
    expect(error).toMatchObject({
      name: "IamportApiError",
      status: 200,
      code: 1,
      apiMessage: "이미 전액취소된 주문입니다.",
      operation: { method: "POST", path: "/payments/cancel" },
    });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ status: 200, code: 1, operation: { path: "/payments/cancel" } });
  });

  it("names a 404 by its path template", async () => {
    const fake = fakePortOne({ handler: () => json(404, { code: 1, message: "존재하지 않는 결제정보입니다.", response: null }) });
    const c = createIamportClient({ apiKey: API_KEY, apiSecret: API_SECRET, baseUrl: "http://portone.test", fetch: fake.fetch });
    const error = await log.rejection(unwrap(c.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_000000000000" } } })));
    log.addTokensFrom(fake.calls);
    expect(error).toMatchObject({ status: 404, code: 1, operation: { method: "GET", path: "/payments/{imp_uid}" } });
    expect((error as Error).message).not.toContain("imp_000000000000");
  });
});
