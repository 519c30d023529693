import { seededRandom } from "@iamport-contract/test-support/seeded-random";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, API_SECRET, hasOperation, startCheckedMock, validator } from "./harness.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const BODIES_PER_OPERATION = 30;
const now = Math.floor(Date.now() / 1000);
const CARD = { card_number: "4242-4242-4242-4242", expiry: "2030-12" };

/** A valid body for each stateful operation that takes one; fuzzing mutates it. */
const VALID_BODIES: Record<string, Record<string, unknown>> = {
  "POST /users/getToken": { imp_key: API_KEY, imp_secret: API_SECRET },
  "POST /payments/prepare": { merchant_uid: "order_f", amount: 1000 },
  "PUT /payments/prepare": { merchant_uid: "order_f", amount: 1000 },
  "POST /subscribe/payments/onetime": { merchant_uid: "order_f", amount: 1000, ...CARD },
  "POST /subscribe/payments/again": { customer_uid: "cust_f", merchant_uid: "order_f2", amount: 1000, name: "x" },
  "POST /payments/cancel": { imp_uid: "imp_1", amount: 10, checksum: 100 },
  "POST /subscribe/customers/{customer_uid}": { ...CARD, customer_name: "x" },
  "POST /subscribe/payments/schedule": {
    customer_uid: "cust_f",
    schedules: [{ merchant_uid: "order_fs", schedule_at: now + 600, amount: 1000, name: "x" }],
  },
  "POST /subscribe/payments/unschedule": { customer_uid: "cust_f", merchant_uid: ["order_fs"] },
  "PUT /subscribe/payments/schedule/{merchant_uid}": { schedule_at: now + 600 },
  "POST /vbanks": { merchant_uid: "order_fv", amount: 1000, vbank_code: "004", vbank_due: now + 600 },
  "PUT /vbanks/{imp_uid}": { amount: 1000 },
  "POST /api/supplements/v1/link/payment": { payment_info: '{"title":"t"}', expired_at: now + 600 },
};

/** Path parameters to try on every operation: odd but well-formed URLs. */
const ODD_SEGMENTS = ["x", "%00", "%F0%9F%92%B3", "a".repeat(2000), "..%2F..", "%25", "null", "0", "-1", "imp_%20", "%E0%A4%A"];

function randomValue(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * 9);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return Math.floor(rand() * 2e12) - 1e12;
    case 3:
      return rand() * -1000;
    case 4:
      return "x".repeat(Math.floor(rand() * 50));
    case 5:
      return "ü💳\u0000<script>".repeat(Math.floor(rand() * 5) + 1);
    case 6:
      return depth > 3 ? [] : Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    case 7:
      return depth > 3
        ? {}
        : Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, (_, i) => [`k${i}`, randomValue(rand, depth + 1)]));
    default:
      return 1e308 * 10 === Number.POSITIVE_INFINITY ? "1e999" : 0;
  }
}

/** A body that the operation's schema rejects: a mutated valid body, or something that is not one at all. */
function invalidBody(rand: () => number, valid: Record<string, unknown>): unknown {
  const kind = Math.floor(rand() * 4);
  if (kind === 0) return randomValue(rand);
  const body: Record<string, unknown> = structuredClone(valid);
  const keys = Object.keys(body);
  const key = keys[Math.floor(rand() * keys.length)] as string;
  if (kind === 1) delete body[key];
  else if (kind === 2) body[key] = randomValue(rand);
  else {
    for (const k of keys) if (rand() < 0.5) body[k] = randomValue(rand);
    body[`extra_${Math.floor(rand() * 10)}`] = randomValue(rand);
  }
  return body;
}

function fill(template: string, segment: string): string {
  return template.replace(/\{[^}]+\}/g, segment);
}

let harness: Awaited<ReturnType<typeof startCheckedMock>>;
let token: string;

beforeAll(async () => {
  harness = await startCheckedMock();
  const res = await fetch(`${harness.mock.url}/users/getToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_key: API_KEY, imp_secret: API_SECRET }),
  });
  token = (await res.json()).response.access_token;
});
afterAll(() => harness.mock.close());

async function send(method: string, path: string, init: { body?: string; contentType?: string }) {
  const res = await fetch(`${harness.mock.url}${path}`, {
    method,
    headers: { authorization: token, ...(init.contentType ? { "content-type": init.contentType } : {}) },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await res.text();
  return { status: res.status, text };
}

function expectEnvelope4xx(result: { status: number; text: string }, label: string) {
  expect(result.status, label).toBeGreaterThanOrEqual(400);
  expect(result.status, label).toBeLessThan(500);
  if (result.text !== "") expect(JSON.parse(result.text), label).toMatchObject({ code: expect.any(Number), response: null });
}

describe("fuzzing the stateful operations", () => {
  for (const [key, valid] of Object.entries(VALID_BODIES)) {
    const [method, template] = key.split(" ") as [string, string];
    it.skipIf(!hasOperation(key))(`${key}: generated invalid bodies get a 4xx envelope`, async () => {
      const rand = seededRandom(SEED ^ key.length);
      const path = fill(template, "fuzz_1");
      let sent = 0;
      for (let i = 0; i < BODIES_PER_OPERATION * 3 && sent < BODIES_PER_OPERATION; i++) {
        const body = invalidBody(rand, valid);
        if (validator.checkRequestBody(method, template, body).ok) continue; // only bodies the spec rejects
        sent++;
        const result = await send(method, path, { body: JSON.stringify(body), contentType: "application/json" });
        expectEnvelope4xx(result, `${key} with ${JSON.stringify(body).slice(0, 200)}`);
      }
      expect(sent).toBeGreaterThanOrEqual(BODIES_PER_OPERATION / 2);
      // Bodies that are not JSON at all, or not what the content type says.
      for (const [raw, contentType] of [
        ["{nope", "application/json"],
        ["", "application/json"],
        ["a=1&b[=2&c[0][1][2][3][4][5][6][7][8]=x&%%%", "application/x-www-form-urlencoded"],
        ["<xml/>", "text/xml"],
        ["\u0000\u0001", "application/octet-stream"],
      ] as const) {
        const result = await send(method, path, { body: raw, contentType });
        expectEnvelope4xx(result, `${key} with ${contentType} ${JSON.stringify(raw)}`);
      }
    });
  }

  it("odd path parameters and query strings never cause a 5xx", async () => {
    const keys = [
      "GET /payments/{imp_uid}",
      "GET /payments/prepare/{merchant_uid}",
      "GET /payments/find/{merchant_uid}",
      "GET /payments/findAll/{merchant_uid}",
      "GET /payments/status/{payment_status}",
      "GET /subscribe/customers/{customer_uid}",
      "DELETE /subscribe/customers/{customer_uid}",
      "GET /subscribe/customers/{customer_uid}/payments",
      "GET /subscribe/payments/schedule/{merchant_uid}",
      "DELETE /vbanks/{imp_uid}",
    ].filter(hasOperation);
    expect(keys.length).toBeGreaterThan(2);
    for (const key of keys) {
      const [method, template] = key.split(" ") as [string, string];
      for (const segment of ODD_SEGMENTS) {
        for (const query of ["", "?page=-1&limit=abc", "?page=99999999999999999999&sorting=%00", "?imp_uid[]=&customer_uid[]=x&from=a"]) {
          const result = await send(method, `${fill(template, segment)}${query}`, {});
          const label = `${key} ${segment.slice(0, 20)}${query}`;
          expect(result.status, label).toBeLessThan(500);
          if (result.status >= 400 && result.text) expect(JSON.parse(result.text), label).toMatchObject({ response: null });
        }
      }
    }
  });
});
