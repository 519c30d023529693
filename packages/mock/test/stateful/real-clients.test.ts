import { request } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunningMock } from "../../src/index.js";
import { startMock } from "../../src/index.js";
import { API_KEY, API_SECRET, type CheckedResponse, startCheckedMock, startReceiver } from "./harness.js";

/**
 * What real PortOne clients send and expect, beyond the canonical request:
 * the legacy token header, trailing-slash paths, PHP's bracket forms and
 * `1`/`0` booleans, empty form fields and JSON `null` for unset fields,
 * reading pages until an empty one. Every answer is checked against the spec.
 */

let harness: Awaited<ReturnType<typeof startCheckedMock>>;
let token = "";
const CARD = { card_number: "4242-4242-4242-4242", expiry: "2030-12", birth: "900101" };

beforeAll(async () => {
  harness = await startCheckedMock();
  token = (await call("POST", "/users/getToken", { json: { imp_key: API_KEY, imp_secret: API_SECRET } })).body.response.access_token;
});
afterAll(() => harness.mock.close());
afterEach(() => {
  const problems = harness.checked.splice(0).filter((c: CheckedResponse) => c.problem);
  expect(problems.map((c) => `${c.key} → ${c.status}: ${c.problem}`).join("\n")).toBe("");
});

interface CallOptions {
  json?: unknown;
  form?: string;
  headers?: Record<string, string>;
  /** `false`: send no token. */
  auth?: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response fields
async function call(method: string, path: string, options: CallOptions = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.auth !== false && token && !("x-imptokenheader" in headers)) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = options.form;
  }
  const res = await harness.checkedFetch(`${harness.mock.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  return { status: res.status, body: text === "" ? undefined : JSON.parse(text), headers: res.headers };
}

const pay = (merchantUid: string, amount: number, extra: Record<string, unknown> = {}) =>
  call("POST", "/subscribe/payments/onetime", { json: { merchant_uid: merchantUid, amount, ...CARD, ...extra } });

describe("the token in X-ImpTokenHeader", () => {
  it("is accepted like Authorization (the .NET and PHP clients send it there)", async () => {
    const paid = await pay("legacy_1", 1000);
    const read = await call("GET", `/payments/${paid.body.response.imp_uid}`, { headers: { "x-imptokenheader": token } });
    expect(read.status).toBe(200);
    expect(read.body.response.merchant_uid).toBe("legacy_1");
    expect((await call("GET", "/payments/imp_1", { headers: { "x-imptokenheader": "not-issued" } })).status).toBe(401);
  });
});

describe("trailing-slash aliases", () => {
  it("keep state like their canonical operation", async () => {
    const prepared = await call("POST", "/payments/prepare/", { json: { merchant_uid: "slash_1", amount: 3000 } });
    expect(prepared.body).toMatchObject({ code: 0, response: { merchant_uid: "slash_1", amount: 3000 } });
    expect((await call("GET", "/payments/prepare/slash_1")).body.response.amount).toBe(3000);
    const mismatch = await call("POST", "/subscribe/payments/onetime/", { json: { merchant_uid: "slash_1", amount: 4000, ...CARD } });
    expect(mismatch.body).toMatchObject({ code: -1, response: null });
    const paid = await call("POST", "/subscribe/payments/foreign/", { json: { merchant_uid: "slash_1", amount: 3000, ...CARD } });
    expect(paid.body.response).toMatchObject({ status: "paid", amount: 3000 });
    const all = await call("GET", "/payments/findAll/slash_1/");
    expect(all.body.response.list.map((p: { imp_uid: string }) => p.imp_uid)).toEqual([paid.body.response.imp_uid]);
    const cancelled = await call("POST", "/payments/cancel/", { json: { imp_uid: paid.body.response.imp_uid } });
    expect(cancelled.body.response).toMatchObject({ status: "cancelled", cancel_amount: 3000 });
  });

  it("share faults with their canonical operation", async () => {
    await harness.control.call("DELETE", "/faults");
    const set = await fetch(`${harness.mock.url}/__mock/faults`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ operation: "POST /payments/prepare", refusal: { code: -1, message: "busy" }, times: 1 }),
    });
    expect(set.status).toBe(200);
    const faulted = await call("POST", "/payments/prepare/", { json: { merchant_uid: "slash_f", amount: 1 } });
    expect(faulted.body).toMatchObject({ code: -1, message: "busy", response: null });
    const normal = await call("POST", "/payments/prepare/", { json: { merchant_uid: "slash_f", amount: 1 } });
    expect(normal.body).toMatchObject({ code: 0, response: { merchant_uid: "slash_f" } });
  });
});

describe("form bodies as PHP sends them", () => {
  it("reads schedules in bracket form (schedules[0][merchant_uid]=…) by the spec's encoding", async () => {
    const key = await call("POST", "/subscribe/customers/form_cust", { json: CARD });
    expect(key.body.code).toBe(0);
    const now = (await harness.control.clock()).body.now as number;
    const form = new URLSearchParams({
      customer_uid: "form_cust",
      "schedules[0][merchant_uid]": "form_s1",
      "schedules[0][schedule_at]": String(now + 3600),
      "schedules[0][amount]": "1500",
      "schedules[0][name]": "",
      "schedules[1][merchant_uid]": "form_s2",
      "schedules[1][schedule_at]": String(now + 7200),
      "schedules[1][amount]": "2500",
    }).toString();
    const scheduled = await call("POST", "/subscribe/payments/schedule", { form });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.response).toMatchObject([
      { merchant_uid: "form_s1", amount: 1500, schedule_at: now + 3600, name: null },
      { merchant_uid: "form_s2", amount: 2500, schedule_at: now + 7200 },
    ]);
  });

  it("reads extra[…] objects, 1/0 booleans and empty fields as absent", async () => {
    const receiver = await startReceiver();
    try {
      const form = new URLSearchParams({
        merchant_uid: "form_o1",
        amount: "10000",
        ...CARD,
        "extra[naverUseCfm]": "20301231",
        notice_url: `${receiver.url}/hook`,
        buyer_name: "",
      }).toString();
      const paid = await call("POST", "/subscribe/payments/onetime", { form });
      expect(paid.body.response).toMatchObject({ status: "paid", amount: 10000, buyer_name: null });
      await receiver.waitFor(1);
      const cancel = new URLSearchParams({ imp_uid: paid.body.response.imp_uid, amount: "", enable_webhook: "1", checksum: "" });
      const cancelled = await call("POST", "/payments/cancel", { form: cancel.toString() });
      // An empty amount is no amount: the whole remaining amount is cancelled; `1` is true: the webhook goes out.
      expect(cancelled.body.response).toMatchObject({ status: "cancelled", cancel_amount: 10000 });
      await receiver.waitFor(2);
      expect(receiver.received[1]?.body).toMatchObject({ status: "cancelled" });
    } finally {
      await receiver.close();
    }
  });

  it("refuses a bracket form that breaks the schema with the usual 400", async () => {
    const form = "customer_uid=form_cust&schedules[0][merchant_uid]=x&schedules[0][amount]=abc";
    const refused = await call("POST", "/subscribe/payments/schedule", { form });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: -1, response: null });
  });
});

describe("JSON null for unset optional fields", () => {
  it("is read as absent", async () => {
    const paid = await pay("null_1", 5000, { buyer_name: null, customer_uid: null, card_quota: null });
    expect(paid.body.response).toMatchObject({ status: "paid", buyer_name: null, customer_uid: null, card_quota: 0 });
    const cancelled = await call("POST", "/payments/cancel", {
      json: { imp_uid: paid.body.response.imp_uid, amount: null, checksum: null },
    });
    expect(cancelled.body.response).toMatchObject({ status: "cancelled", cancel_amount: 5000 });
  });
});

describe("reading pages until an empty one", () => {
  it("answers a page past the end with an empty list, never 404 or 400", async () => {
    for (let i = 0; i < 3; i++) await pay(`page_${i}`, 1000 + i);
    const pages: number[] = [];
    for (let page = 1; page <= 10; page++) {
      const res = await call("GET", `/payments/status/paid?page=${page}&limit=2`);
      expect(res.status).toBe(200);
      pages.push(res.body.response.list.length);
      if (res.body.response.list.length === 0) break;
    }
    expect(pages.slice(-1)).toEqual([0]);
    expect(pages.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(3);
    const beyond = await call("GET", "/payments/findAll/page_0?page=5");
    expect(beyond.status).toBe(200);
    expect(beyond.body.response).toMatchObject({ total: 1, list: [], next: 0 });
  });
});

describe("identity verification", () => {
  it("is certified: false until its OTP is confirmed", async () => {
    const requested = await call("POST", "/certifications/otp/request", {
      json: { name: "홍길동", phone: "01012345678", birth: "900101", gender_digit: "1", carrier: "SKT" },
    });
    const impUid = requested.body.response.imp_uid as string;
    const before = await call("GET", `/certifications/${impUid}`);
    expect(before.body.response).toMatchObject({ certified: false, certified_at: 0, birthday: "1990-01-01", gender: "male" });
    const confirmed = await call("POST", `/certifications/otp/confirm/${impUid}`, { json: { otp: "123456" } });
    expect(confirmed.body.response).toMatchObject({ certified: true, unique_key: expect.any(String) });
    expect(confirmed.body.response.certified_at).toBeGreaterThan(0);
    expect((await call("DELETE", `/certifications/${impUid}`)).status).toBe(200);
    expect((await call("GET", `/certifications/${impUid}`)).status).toBe(404);
  });
});

describe("cash receipts", () => {
  it("take their amount from the payment, and the payment's cash_receipt_issued follows them", async () => {
    const paid = await pay("receipt_1", 22000);
    const impUid = paid.body.response.imp_uid as string;
    await call("POST", "/payments/cancel", { json: { imp_uid: impUid, amount: 11000 } });
    const issued = await call("POST", `/receipts/${impUid}`, { json: { identifier: "01012345678", type: "person", amount: 1 } });
    expect(issued.body.response).toMatchObject({ imp_uid: impUid, amount: 11000, vat: 1000, cancelled_at: 0 });
    expect((await call("GET", `/payments/${impUid}`)).body.response.cash_receipt_issued).toBe(true);
    const again = await call("POST", `/receipts/${impUid}`, { json: { identifier: "01012345678" } });
    expect(again.body.response.receipt_tid).toBe(issued.body.response.receipt_tid);
    const revoked = await call("DELETE", `/receipts/${impUid}`);
    expect(revoked.body.response.cancelled_at).toBeGreaterThan(0);
    expect((await call("GET", `/payments/${impUid}`)).body.response.cash_receipt_issued).toBe(false);
  });
});

describe("amounts at the limit", () => {
  it("never turn into null through arithmetic", async () => {
    const big = Number.MAX_SAFE_INTEGER;
    const paid = await pay("big_1", big);
    expect(paid.body.response.amount).toBe(big);
    const cancelled = await call("POST", "/payments/cancel", { json: { imp_uid: paid.body.response.imp_uid, amount: big - 1 } });
    expect(cancelled.body.response.cancel_amount).toBe(big - 1);
    const rest = await call("POST", "/payments/cancel", { json: { imp_uid: paid.body.response.imp_uid } });
    expect(rest.body.response).toMatchObject({ status: "cancelled", cancel_amount: big });
  });
});

describe("HTTP-level refusals in the stateful mode", () => {
  let mock: RunningMock;
  beforeAll(async () => {
    mock = await startMock({ port: 0, stateful: true });
  });
  afterAll(() => mock.close());

  it("answers 405 with Allow and 413 over the body limit", async () => {
    const wrongMethod = await fetch(`${mock.url}/payments/prepare`, { method: "PATCH" });
    expect(wrongMethod.status).toBe(405);
    // GET /payments/prepare is GET /payments/{imp_uid} with imp_uid "prepare".
    expect(wrongMethod.headers.get("allow")).toBe("GET, POST, PUT");
    const tooLarge = await fetch(`${mock.url}/payments/prepare`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ merchant_uid: "x".repeat(1024 * 1024 + 1), amount: 1 }),
    });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ code: -1, response: null });
  });
});

/** Sends a JSON body with any method (fetch refuses a body on GET). */
function rawJson(method: string, path: string, json: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${harness.mock.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(json) },
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(json);
  });
}

describe("a JSON body on an operation that takes none", () => {
  it("is ignored on GET and DELETE, as PortOne does (Guzzle-based PHP clients send `[]`)", async () => {
    const paid = await pay("body_on_get_1", 1000);
    const read = await rawJson("GET", `/payments/${paid.body.response.imp_uid}`, "[]");
    expect(read.status, read.body).toBe(200);
    expect(JSON.parse(read.body).response.merchant_uid).toBe("body_on_get_1");
    const billingKey = await call("POST", "/subscribe/customers/body_on_delete_1", { json: CARD });
    expect(billingKey.status).toBe(200);
    const removed = await rawJson("DELETE", "/subscribe/customers/body_on_delete_1", "[]");
    expect(removed.status).toBe(200);
  });

  it("is still validated where the operation takes one", async () => {
    const refused = await rawJson("POST", "/payments/prepare", "[]");
    expect(refused.status).toBe(400);
  });
});
