import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../../src/index.js";
import { type Receiver, startReceiver } from "../stateful/harness.js";

let mock: RunningMock;
let receiver: Receiver;
let token: string;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${mock.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      code?: number;
      webhooks?: unknown[];
      response: { status?: string; imp_uid?: string } & Record<string, unknown>;
    },
  };
}

async function pay(merchantUid: string, cardNumber = "4242-4242-4242-4242") {
  const res = await call("POST", "/subscribe/payments/onetime", {
    merchant_uid: merchantUid,
    amount: 5000,
    card_number: cardNumber,
    expiry: "2030-12",
    notice_url: `${receiver.url}/hook`,
  });
  return res.body.response as { imp_uid: string; status: string };
}

beforeAll(async () => {
  receiver = await startReceiver();
  mock = await startMock({ port: 0, stateful: true });
  const res = await fetch(`${mock.url}/users/getToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_key: "test_on_demand", imp_secret: "test_api_secret" }),
  });
  token = ((await res.json()) as { response: { access_token: string } }).response.access_token;
});
afterAll(async () => {
  await mock.close();
  await receiver.close();
});

describe("webhooks on demand", () => {
  it("redelivers, duplicates, and sends an older status after a newer one", async () => {
    const payment = await pay("order_demand");
    await receiver.waitFor(1);
    const again = await call("POST", `/__mock/payments/${payment.imp_uid}/webhook`, { copies: 2 });
    expect(again.status).toBe(200);
    expect(again.body.webhooks).toHaveLength(2);
    await receiver.waitFor(3);
    const stale = await call("POST", `/__mock/payments/${payment.imp_uid}/webhook`, { status: "ready" });
    expect(stale.status).toBe(200);
    await receiver.waitFor(4);
    expect(receiver.received.slice(-4).map((r) => r.body.status)).toEqual(["paid", "paid", "paid", "ready"]);
    expect(new Set(receiver.received.slice(-4).map((r) => r.body.imp_uid))).toEqual(new Set([payment.imp_uid]));
  });

  it("cancels as the admin console would and always sends the webhook", async () => {
    const payment = await pay("order_console");
    const before = receiver.received.length + 1; // the paid webhook
    await receiver.waitFor(before);
    const cancelled = await call("POST", `/__mock/payments/${payment.imp_uid}/console-cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.response).toMatchObject({ imp_uid: payment.imp_uid, status: "cancelled" });
    await receiver.waitFor(before + 1);
    expect(receiver.received.at(-1)?.body).toMatchObject({ imp_uid: payment.imp_uid, status: "cancelled" });
    const read = await call("GET", `/payments/${payment.imp_uid}`);
    expect(read.body.response.status).toBe("cancelled");
    // Cancelling twice is refused, an unknown payment is 404.
    expect((await call("POST", `/__mock/payments/${payment.imp_uid}/console-cancel`, {})).status).toBe(409);
    expect((await call("POST", "/__mock/payments/imp_unknown/console-cancel", {})).status).toBe(404);
  });

  it("sends no webhook for a failed payment", async () => {
    const before = receiver.received.length;
    const failed = await pay("order_failed", "4000-0000-0000-0002");
    expect(failed.status).toBe("failed");
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(receiver.received.length).toBe(before);
  });
});
