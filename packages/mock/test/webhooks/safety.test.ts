import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../../src/index.js";
import { type Receiver, startReceiver } from "../stateful/harness.js";

interface WebhookRecord {
  url: string;
  delivery: string;
  error: string | null;
}

async function payWithNotice(mock: RunningMock, token: string, merchantUid: string, noticeUrl: string) {
  const res = await fetch(`${mock.url}/subscribe/payments/onetime`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      merchant_uid: merchantUid,
      amount: 1000,
      card_number: "4242-4242-4242-4242",
      expiry: "2030-12",
      notice_url: noticeUrl,
    }),
  });
  expect(((await res.json()) as { code: number }).code).toBe(0);
}

async function tokenOf(mock: RunningMock) {
  const res = await fetch(`${mock.url}/users/getToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_key: "test_api_key", imp_secret: "test_api_secret" }),
  });
  return ((await res.json()) as { response: { access_token: string } }).response.access_token;
}

async function recorded(mock: RunningMock, token: string, count: number): Promise<WebhookRecord[]> {
  let webhooks: WebhookRecord[] = [];
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${mock.url}/__mock/webhooks`, { headers: { authorization: `Bearer ${token}` } });
    webhooks = ((await res.json()) as { webhooks: WebhookRecord[] }).webhooks;
    if (webhooks.length >= count && webhooks.every((w) => w.delivery !== "pending")) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return webhooks;
}

describe("webhooks are safe by default", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it("delivers to loopback, and refuses (records, never sends) any other host", async () => {
    const mock = await startMock({ port: 0, stateful: true });
    try {
      const token = await tokenOf(mock);
      const port = new URL(receiver.url).port;
      // 0.0.0.0 reaches this machine's listener on Linux, but it is not a loopback name:
      // if the mock sent to it, the receiver would see the request.
      await payWithNotice(mock, token, "order_remote", `http://0.0.0.0:${port}/remote`);
      await payWithNotice(mock, token, "order_public", "https://hooks.example.com/portone");
      await payWithNotice(mock, token, "order_local", `${receiver.url}/local`);
      const webhooks = await recorded(mock, token, 3);
      expect(webhooks.map((w) => w.delivery)).toEqual(["refused", "refused", "delivered"]);
      expect(webhooks[1]?.error).toContain("hooks.example.com");
      await receiver.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(receiver.received.map((r) => r.path)).toEqual(["/local"]);
    } finally {
      await mock.close();
    }
  });

  it("sends to a host on the allow-list", async () => {
    const mock = await startMock({ port: 0, stateful: true, webhookAllowHosts: ["0.0.0.0"] });
    try {
      const token = await tokenOf(mock);
      const port = new URL(receiver.url).port;
      const before = receiver.received.length;
      await payWithNotice(mock, token, "order_allowed", `http://0.0.0.0:${port}/allowed`);
      await receiver.waitFor(before + 1);
      expect(receiver.received.at(-1)?.path).toBe("/allowed");
      expect((await recorded(mock, token, 1)).map((w) => w.delivery)).toEqual(["delivered"]);
    } finally {
      await mock.close();
    }
  });
});
