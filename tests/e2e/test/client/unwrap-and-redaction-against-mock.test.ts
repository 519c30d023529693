import { createIamportClient, IamportApiError, type IamportClient, type Payment, unwrap } from "@iamport-contract/client";
import { errorLog } from "@iamport-contract/test-support/error-log";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { useMock } from "./mock.js";

/** unwrap() and redaction on the real mock's answers (the client's own tests use an in-process PortOne). */

const log = errorLog();
log.secrets.add("mock_secret");
afterAll(() => log.assertNoSecrets());

const CARD = { card_number: "9410-6123-4567-8901", expiry: "2031-07", birth: "880214", pwd_2digit: "47", cvc: "862" };
for (const value of Object.values(CARD)) log.secrets.add(value);

const mock = useMock();
let client: IamportClient;
beforeAll(() => {
  client = createIamportClient({ apiKey: "mock_key", apiSecret: "mock_secret", baseUrl: mock.url, supplementsBaseUrl: mock.url });
});

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

describe("errors from the real mock never carry secrets", () => {
  it("masks them in the real mock's validation errors", async () => {
    const client = createIamportClient({
      apiKey: "mock_key",
      apiSecret: "mock_secret",
      baseUrl: mock.url,
      supplementsBaseUrl: mock.url,
    });
    const error = await log.rejection(
      unwrap(
        client.v1.POST("/subscribe/payments/onetime", {
          // @ts-expect-error merchant_uid is missing on purpose: the mock must refuse the call
          body: { amount: 9900, ...CARD, expiry: "not-an-expiry-2031-07" },
        }),
      ),
    );
    log.secrets.add("not-an-expiry-2031-07");
    log.secrets.add(await client.auth.getAccessToken());
    expect(error).toMatchObject({ name: "IamportApiError", status: 400, code: -1, operation: { path: "/subscribe/payments/onetime" } });
  });
});
