import { createIamportClient, type IamportClient } from "@iamport-contract/client";
import { beforeEach, describe, expect, it } from "vitest";
import { useMock } from "./mock.js";
import { type RecordedRequest, recordingFetch } from "./recording-fetch.js";

const mock = useMock();

let client: IamportClient;
let requests: RecordedRequest[];

beforeEach(() => {
  const recorder = recordingFetch();
  requests = recorder.requests;
  client = createIamportClient({
    apiKey: "test_key",
    apiSecret: "test_secret",
    baseUrl: mock.url,
    supplementsBaseUrl: mock.url,
    fetch: recorder.fetch,
  });
});

describe("the client against the real mock: token, payments, cancel, billing keys, payment links", () => {
  it("POST /users/getToken: obtains the access token itself", async () => {
    const token = await client.auth.getAccessToken();
    expect(token).toMatch(/^[0-9a-f]{40}$/);
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(["POST /users/getToken"]);
  });

  it("GET /payments/{imp_uid}: sends the token as Bearer and returns the payment", async () => {
    const { data, error, response } = await client.v1.GET("/payments/{imp_uid}", {
      params: { path: { imp_uid: "imp_448280090638" }, query: { include_sandbox: true } },
    });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.response.imp_uid).toBe("imp_448280090638");
    expect(data?.response.status).toBe("paid");
    const token = await client.auth.getAccessToken();
    const call = requests.find((r) => r.url.includes("/payments/imp_"));
    expect(call?.authorization).toBe(`Bearer ${token}`);
    expect(call?.url).toContain("include_sandbox=true");
  });

  it("POST /payments/cancel: cancels by imp_uid", async () => {
    const { data, error } = await client.v1.POST("/payments/cancel", {
      body: { imp_uid: "imp_448280090638", amount: 3000, checksum: 10000, reason: "옵션 1개 반품" },
    });
    expect(error).toBeUndefined();
    expect(data?.code).toBe(0);
  });

  it("POST, PUT and GET /payments/prepare: registers, changes and reads an amount", async () => {
    const created = await client.v1.POST("/payments/prepare", { body: { merchant_uid: "order_20261126_0001", amount: 10000 } });
    expect(created.response.status).toBe(200);
    const updated = await client.v1.PUT("/payments/prepare", { body: { merchant_uid: "order_20261126_0001", amount: 12000 } });
    expect(updated.data?.response.amount).toBe(12000);
    const read = await client.v1.GET("/payments/prepare/{merchant_uid}", {
      params: { path: { merchant_uid: "order_20261126_0001" } },
    });
    expect(read.data?.response.merchant_uid).toBe("order_20261126_0001");
  });

  it("POST /subscribe/payments/onetime: charges a card", async () => {
    const { data, error } = await client.v1.POST("/subscribe/payments/onetime", {
      body: {
        merchant_uid: "order_20261126_0002",
        amount: 9900,
        card_number: "4518-4200-0000-1234",
        expiry: "2029-12",
        birth: "900101",
        customer_uid: "customer_hong_card1",
      },
    });
    expect(error).toBeUndefined();
    expect(data?.code).toBe(0);
  });

  it("supplements: creates and deactivates a payment URL with the same token", async () => {
    const created = await client.supplements.POST("/api/supplements/v1/link/payment", {
      body: { payment_info: JSON.stringify({ title: "t" }), expired_at: 1796054400 },
    });
    expect(created.data?.shortenedUrl).toMatch(/^https:\/\//);
    const id = new URL(created.data?.shortenedUrl ?? "http://x/").pathname.slice(1);
    const deactivated = await client.supplements.PUT("/api/supplements/v1/link/payment/{id}", { params: { path: { id } } });
    expect(deactivated.response.status).toBe(200);
    const authorized = requests.filter((r) => r.url.includes("/api/supplements/"));
    expect(authorized).toHaveLength(2);
    for (const r of authorized) expect(r.authorization).toMatch(/^Bearer \S+$/);
  });

  it("fetches the token once for many calls", async () => {
    await Promise.all(
      Array.from({ length: 10 }, () => client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: "imp_448280090638" } } })),
    );
    expect(requests.filter((r) => r.url.endsWith("/users/getToken"))).toHaveLength(1);
  });

  it("surfaces the mock's validation errors for a bad request", async () => {
    const { data, error, response } = await client.v1.POST("/payments/prepare", {
      // @ts-expect-error amount is required; the point is to send a bad body
      body: { merchant_uid: "order_bad" },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(error).toMatchObject({
      name: "IamportApiError",
      status: 400,
      code: -1,
      operation: { method: "POST", path: "/payments/prepare" },
    });
    expect(error?.apiMessage).toMatch(/required property 'amount'/);
  });
});
