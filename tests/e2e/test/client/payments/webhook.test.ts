import { IamportApiError, type IamportClient } from "@iamport-contract/client";
import {
  handleWebhook,
  PaymentVerificationError,
  type PaymentWebhookEvent,
  parseWebhook,
  preparePayment,
  verifyPayment,
  WebhookParseError,
} from "@iamport-contract/client/payments";
import type { PaymentWebhook } from "@iamport-contract/client/types";
import { errorLog } from "@iamport-contract/test-support/error-log";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_SECRET, BUYER_EMAIL, CARD_DECLINED, type StatefulMock, startService, startStatefulMock } from "./stateful-mock.js";

let mock: StatefulMock;
const log = errorLog();
beforeAll(async () => {
  mock = await startStatefulMock();
});
afterAll(async () => {
  log.secrets
    .add(API_SECRET)
    .add(await mock.client.auth.getAccessToken())
    .add(BUYER_EMAIL);
  log.assertNoSecrets();
  await mock.close();
});

/** Runs handleWebhook and returns the event the handler got. */
const eventOf = (body: unknown) => handleWebhook(mock.client, body, (event) => event);

/** The webhook bodies the mock posted for one payment, oldest first. */
async function bodiesFor(impUid: string): Promise<Array<Record<string, unknown>>> {
  return (await mock.webhooks()).filter((w) => w.body.imp_uid === impUid).map((w) => w.body);
}

// ── The service of the README's "Take a payment end to end", with an in-memory database ──
interface Order {
  id: string;
  total: number;
  state: "new" | "awaiting_deposit" | "paid" | "cancelled" | "refunded_in_part";
  vbank?: string | null;
}
function createShop(portone: IamportClient) {
  const orders = new Map<string, Order>();
  const processed = new Set<string>();
  const alerts: string[] = [];

  async function startCheckout(id: string, total: number) {
    orders.set(id, { id, total, state: "new" });
    await preparePayment(portone, { merchantUid: id, amount: total });
    return { merchant_uid: id, amount: total }; // → IMP.request_pay() in the page
  }

  async function completeCheckout(impUid: string, merchantUid: string) {
    const order = orders.get(merchantUid);
    if (!order) throw new Error("no such order");
    const payment = await verifyPayment(portone, {
      impUid,
      expected: { merchantUid: order.id, amount: order.total },
      allowVirtualAccountReady: true,
    });
    if (payment.status === "paid") order.state = "paid";
    else {
      order.state = "awaiting_deposit";
      order.vbank = payment.vbank_num;
    }
    return order;
  }

  async function onPayment(event: PaymentWebhookEvent) {
    if (processed.has(event.dedupeKey)) return; // a repeat: already done
    const order = orders.get(event.merchantUid);
    if (!order) return; // not ours
    if (event.status === "cancelled") order.state = "cancelled";
    else if (event.status === "paid" || event.status === "ready") {
      const payment = event.verify(
        { merchantUid: order.id, amount: order.total },
        { allowVirtualAccountReady: true, allowPartialCancellation: true },
      );
      order.state = payment.status === "ready" ? "awaiting_deposit" : payment.cancel_amount > 0 ? "refunded_in_part" : "paid";
    }
    processed.add(event.dedupeKey); // in the same transaction as the order change
  }

  async function portoneWebhook(body: unknown): Promise<{ status: number; body: string }> {
    try {
      await handleWebhook(portone, body, onPayment);
      return { status: 200, body: "ok" };
    } catch (error) {
      if (error instanceof WebhookParseError) return { status: 400, body: error.reason };
      if (error instanceof PaymentVerificationError) {
        alerts.push(`${error.impUid}: ${error.reason}`); // tampering or a bug: a person should look
        return { status: 200, body: "recorded" }; // a retry would not change the payment
      }
      if (error instanceof IamportApiError && error.status === 404) return { status: 404, body: "unknown payment" };
      return { status: 500, body: "try again" }; // PortOne records a failed delivery
    }
  }

  return { orders, processed, alerts, startCheckout, completeCheckout, portoneWebhook };
}

describe("handleWebhook against the stateful mock", () => {
  it("acts on the payment it fetched, not on the body: a stale 'ready' notice of a deposited virtual account", async () => {
    const merchantUid = mock.orderId("stale");
    const issued = await mock.issueVbank(merchantUid, 12_000, "http://127.0.0.1:9/unused");
    await mock.deposit(issued.imp_uid);
    const [readyNotice, paidNotice] = await bodiesFor(issued.imp_uid);
    expect(readyNotice).toMatchObject({ status: "ready" });
    expect(paidNotice).toMatchObject({ status: "paid" });

    const event = await eventOf(readyNotice);
    expect(event).toMatchObject({ impUid: issued.imp_uid, merchantUid, status: "paid", notice: { status: "ready" } });
    expect(event.payment.status).toBe("paid");
    expect(event.dedupeKey).toBe(`${issued.imp_uid}:paid:0`);
    expect(event.verify({ merchantUid, amount: 12_000 }).status).toBe("paid");
  });

  it("trusts neither the body's status nor its merchant_uid: a forged 'paid' notice of a declined payment", async () => {
    const merchantUid = mock.orderId("forged");
    const declined = await mock.pay(merchantUid, 9_000, { card: CARD_DECLINED });
    const forged = { imp_uid: declined.imp_uid, merchant_uid: "order_someone_else", status: "paid" };
    const event = await eventOf(forged);
    expect(event).toMatchObject({ status: "failed", merchantUid, notice: { status: "paid", merchant_uid: "order_someone_else" } });
    const error = log.record(capture(() => event.verify({ merchantUid, amount: 9_000 })));
    expect(error).toBeInstanceOf(PaymentVerificationError);
    expect(error).toMatchObject({ reason: "failed", actual: "failed" });
  });

  it("reports a cancellation after the 'paid' notice as cancelled", async () => {
    const merchantUid = mock.orderId("cancelled");
    const paid = await mock.pay(merchantUid, 7_000, { noticeUrl: "http://127.0.0.1:9/unused" });
    const [paidNotice] = await bodiesFor(paid.imp_uid);
    await mock.cancel(paid.imp_uid);
    const event = await eventOf(paidNotice);
    expect(event).toMatchObject({ status: "cancelled", notice: { status: "paid" }, dedupeKey: `${paid.imp_uid}:cancelled:7000` });
  });

  it("gives a repeated notice the same dedupe key, and the next state change a new one", async () => {
    const merchantUid = mock.orderId("dupe");
    const paid = await mock.pay(merchantUid, 10_000, { noticeUrl: "http://127.0.0.1:9/unused" });
    const [notice] = await bodiesFor(paid.imp_uid);
    const first = await eventOf(notice);
    const second = await eventOf(JSON.stringify(notice)); // the same notice, delivered again (raw this time)
    expect(first.dedupeKey).toBe(`${paid.imp_uid}:paid:0`);
    expect(second.dedupeKey).toBe(first.dedupeKey);
    await mock.cancel(paid.imp_uid, 2_500);
    const afterRefund = await eventOf(notice);
    expect(afterRefund).toMatchObject({ status: "paid", dedupeKey: `${paid.imp_uid}:paid:2500` });
    await mock.cancel(paid.imp_uid, 2_500);
    expect((await eventOf(notice)).dedupeKey).toBe(`${paid.imp_uid}:paid:5000`);
  });

  it("makes no request for a body that is not a notice, and passes PortOne's 404 for an unknown imp_uid", async () => {
    let calls = 0;
    const before = mock.requests();
    const parseError = await log.rejection(handleWebhook(mock.client, { imp_uid: 42 }, () => calls++));
    expect(parseError).toBeInstanceOf(WebhookParseError);
    expect(mock.requests()).toBe(before);
    const notFound = await log.rejection(
      handleWebhook(mock.client, { imp_uid: "imp_999999999999", merchant_uid: "order_x", status: "paid" }, () => calls++),
    );
    expect(notFound).toBeInstanceOf(IamportApiError);
    expect(notFound).toMatchObject({ status: 404 });
    expect(calls).toBe(0);
  });

  it("resolves to what the handler returns and rejects with what it throws", async () => {
    const paid = await mock.pay(mock.orderId("result"), 1_000);
    const notice = { imp_uid: paid.imp_uid, merchant_uid: paid.merchant_uid, status: "paid" };
    expect(await handleWebhook(mock.client, notice, async (event) => `done ${event.status}`)).toBe("done paid");
    const boom = new Error("database down");
    await expect(
      handleWebhook(mock.client, notice, () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });
});

describe("the README's end-to-end flow, with webhooks posted by the mock to a real HTTP endpoint", () => {
  it("prepare → pay → verify → webhook, for a card and for a virtual account, JSON and form bodies alike", async () => {
    const shop = createShop(mock.client);
    // The endpoint hands the raw body over (as Fastify does with a string parser) or parses JSON first (as express.json() does).
    let parseFirst = false;
    const service = await startService(async (raw, contentType) =>
      shop.portoneWebhook(parseFirst && contentType.includes("json") ? JSON.parse(raw) : raw),
    );
    try {
      // Card: the page calls IMP.request_pay() with what startCheckout returned; the mock stands in for the payment window.
      const card = await shop.startCheckout(mock.orderId("e2e_card"), 25_000);
      const paid = await mock.pay(card.merchant_uid, card.amount, { noticeUrl: `${service.url}/portone/webhook` });
      expect((await shop.completeCheckout(paid.imp_uid, card.merchant_uid)).state).toBe("paid");
      await service.waitFor(1);
      expect(shop.orders.get(card.merchant_uid)?.state).toBe("paid");

      // A refund of part of it, announced by webhook.
      parseFirst = true;
      await mock.cancel(paid.imp_uid, 5_000);
      await service.waitFor(2);
      expect(shop.orders.get(card.merchant_uid)?.state).toBe("refunded_in_part");

      // Virtual account: issued (the order waits), then the deposit arrives by webhook.
      const vbank = await shop.startCheckout(mock.orderId("e2e_vbank"), 40_000);
      const issued = await mock.issueVbank(vbank.merchant_uid, vbank.amount, `${service.url}/portone/webhook`);
      expect(await shop.completeCheckout(issued.imp_uid, vbank.merchant_uid)).toMatchObject({
        state: "awaiting_deposit",
        vbank: issued.vbank_num,
      });
      await service.waitFor(3);
      expect(shop.orders.get(vbank.merchant_uid)?.state).toBe("awaiting_deposit");
      await mock.deposit(issued.imp_uid);
      await service.waitFor(4);
      expect(shop.orders.get(vbank.merchant_uid)?.state).toBe("paid");

      // A repeat of the deposit notice changes nothing; a form-encoded one is read alike.
      const repeat = new URLSearchParams({ imp_uid: issued.imp_uid, merchant_uid: vbank.merchant_uid, status: "paid" });
      expect(await shop.portoneWebhook(repeat.toString())).toEqual({ status: 200, body: "ok" });
      expect(shop.processed.size).toBe(4);

      expect(service.seen.map((s) => s.status)).toEqual([200, 200, 200, 200]);
      expect((await mock.webhooks()).filter((w) => w.url.startsWith(service.url)).map((w) => w.delivery)).toEqual([
        "delivered",
        "delivered",
        "delivered",
        "delivered",
      ]);
      expect(shop.alerts).toEqual([]);
    } finally {
      await service.close();
    }
  });

  it("answers 400 to junk, 404 to an unknown payment, and records a payment that does not match its order", async () => {
    const shop = createShop(mock.client);
    expect(await shop.portoneWebhook("not a notice")).toEqual({ status: 400, body: "invalid_json" });
    expect(await shop.portoneWebhook({ imp_uid: "imp_1", merchant_uid: "o", status: "paid" })).toMatchObject({ status: 404 });
    // The page was tampered with and no amount was prepared: 100 won paid for a 50,000 won order.
    const id = mock.orderId("tampered");
    shop.orders.set(id, { id, total: 50_000, state: "new" });
    const paid = await mock.pay(id, 100);
    expect(await shop.portoneWebhook({ imp_uid: paid.imp_uid, merchant_uid: id, status: "paid" })).toEqual({
      status: 200,
      body: "recorded",
    });
    expect(shop.alerts).toEqual([`${paid.imp_uid}: amount_mismatch`]);
    expect(shop.orders.get(id)?.state).toBe("new");
  });
});

describe("parseWebhook", () => {
  const notice = { imp_uid: "imp_448280090638", merchant_uid: "order_20261126_0001", status: "paid" } as const;

  it("reads every shape PortOne's notice arrives in", () => {
    const form = new URLSearchParams(notice);
    const formData = new FormData();
    for (const [key, value] of Object.entries(notice)) formData.set(key, value);
    const shapes: unknown[] = [
      notice,
      JSON.stringify(notice),
      ` \n${JSON.stringify(notice)}\n`,
      form,
      form.toString(),
      formData,
      new TextEncoder().encode(JSON.stringify(notice)),
      Buffer.from(form.toString()),
      new TextEncoder().encode(JSON.stringify(notice)).buffer,
      Object.assign(Object.create(null), notice),
    ];
    for (const [index, shape] of shapes.entries()) expect(parseWebhook(shape), `shape ${index}`).toEqual(notice);
  });

  it("keeps customer_uid, drops keys it does not know", () => {
    const body = { ...notice, customer_uid: "customer_1", cancellation_id: "c1", __proto__: { status: "failed" }, constructor: "x" };
    const parsed: PaymentWebhook = parseWebhook(JSON.stringify(body));
    expect(parsed).toEqual({ ...notice, customer_uid: "customer_1" });
    expect(Object.keys(parsed)).toEqual(["imp_uid", "merchant_uid", "status", "customer_uid"]);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parseWebhook({ ...notice, customer_uid: null })).toEqual(notice);
  });

  it("ignores inherited fields: only the body's own ones count", () => {
    const inherited = Object.create({ imp_uid: "imp_1", merchant_uid: "o", status: "paid" });
    expect(capture(() => parseWebhook(inherited))).toMatchObject({ reason: "missing_field", field: "imp_uid" });
  });

  const cases: Array<[string, unknown, string, string?]> = [
    ["a number", 42, "unsupported_body"],
    ["undefined", undefined, "unsupported_body"],
    ["a function", () => notice, "unsupported_body"],
    ["an empty string", "   ", "not_an_object"],
    ["JSON null", "null", "not_an_object"],
    ["a JSON array", JSON.stringify([notice]), "not_an_object"],
    ["an array", [notice], "not_an_object"],
    ["broken JSON", '{"imp_uid": "imp_1",', "invalid_json"],
    ["bytes that are not UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), "invalid_json"],
    ["a huge string", `{"imp_uid":"${"1".repeat(70_000)}"}`, "too_large"],
    ["no imp_uid", { merchant_uid: "o", status: "paid" }, "missing_field", "imp_uid"],
    ["no merchant_uid", { imp_uid: "imp_1", status: "paid" }, "missing_field", "merchant_uid"],
    ["no status", { imp_uid: "imp_1", merchant_uid: "o" }, "missing_field", "status"],
    ["a numeric imp_uid", { ...notice, imp_uid: 448280090638 }, "invalid_field", "imp_uid"],
    ["an imp_uid with a space", { ...notice, imp_uid: "imp 1" }, "invalid_field", "imp_uid"],
    ["a long merchant_uid", { ...notice, merchant_uid: "o".repeat(257) }, "invalid_field", "merchant_uid"],
    ["a merchant_uid with a newline", { ...notice, merchant_uid: "o\nSet-Cookie: x" }, "invalid_field", "merchant_uid"],
    ["an unknown status", { ...notice, status: "refunded" }, "invalid_field", "status"],
    ["a status object", { ...notice, status: { toString: () => "paid" } }, "invalid_field", "status"],
    ["a repeated form field", "imp_uid=imp_1&imp_uid=imp_2&merchant_uid=o&status=paid", "invalid_field", "imp_uid"],
    ["a numeric customer_uid", { ...notice, customer_uid: 7 }, "invalid_field", "customer_uid"],
  ];
  it.each(cases)("refuses %s with a typed error", (_label, body, reason, field) => {
    const error = capture(() => parseWebhook(body));
    expect(error).toBeInstanceOf(WebhookParseError);
    expect(error).toMatchObject({ reason, field, name: "WebhookParseError", operation: { method: "POST", path: "notice_url" } });
    expect((error as Error).message.length).toBeLessThan(200);
  });

  it("turns whatever a hostile body throws into a WebhookParseError", () => {
    const throwing = {
      get imp_uid(): string {
        throw new Error("getter");
      },
    };
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const hostile = new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error("trap");
        },
      },
    );
    for (const body of [throwing, revoked.proxy, hostile]) {
      expect(capture(() => parseWebhook(body))).toMatchObject({ name: "WebhookParseError", reason: "unreadable" });
    }
  });
});

function capture(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}
