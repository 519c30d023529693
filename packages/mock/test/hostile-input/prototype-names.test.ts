import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningMock, startMock } from "../../src/index.js";

/**
 * Field and query names are the client's to choose, `__proto__` included. The
 * mock builds objects from them (forms, bracket forms, queries, logged and
 * masked bodies); none of that may reach `Object.prototype`, which would
 * change every later request of this process, or fail with a 5xx.
 */
const FORMS = [
  "__proto__[polluted]=form",
  "merchant_uid=o1&amount=1000&__proto__[polluted]=form",
  "a[__proto__][polluted]=nested",
  "schedules[0][__proto__][polluted]=bracket&schedules[0][merchant_uid]=o2",
  "constructor[prototype][polluted]=ctor",
];
const QUERIES = ["?__proto__=q", "?__proto__=q1&__proto__=q2", "?__proto__[polluted]=q", "?constructor=c&constructor=d"];
const JSON_BODIES = ['{"__proto__":{"polluted":"json"},"merchant_uid":"o3","amount":1000}'];

describe.each([false, true])("names like __proto__ (stateful %s)", (stateful) => {
  let mock: RunningMock;
  let authorization = "Bearer t";
  beforeAll(async () => {
    mock = await startMock({ port: 0, stateful, apiKey: "k", apiSecret: "s" });
    const res = await fetch(`${mock.url}/users/getToken`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ imp_key: "k", imp_secret: "s" }),
    });
    authorization = `Bearer ${(await res.json()).response.access_token}`;
  });
  afterAll(() => mock.close());

  it("never reach Object.prototype and never cause a 5xx", async () => {
    const statuses: number[] = [];
    for (const path of ["/payments/prepare", "/subscribe/payments/schedule"]) {
      for (const body of FORMS) {
        const res = await fetch(`${mock.url}${path}`, {
          method: "POST",
          headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
          body,
        });
        statuses.push(res.status);
      }
      for (const body of JSON_BODIES) {
        const res = await fetch(`${mock.url}${path}`, {
          method: "POST",
          headers: { authorization, "content-type": "application/json" },
          body,
        });
        statuses.push(res.status);
      }
    }
    for (const query of QUERIES) statuses.push((await fetch(`${mock.url}/payments${query}`, { headers: { authorization } })).status);
    // The request log masks and keeps every body above.
    statuses.push((await fetch(`${mock.url}/__mock/requests`, { headers: { authorization } })).status);

    expect(statuses.length).toBe(2 * (FORMS.length + JSON_BODIES.length) + QUERIES.length + 1);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    // The mock still answers normally afterwards.
    const after = await fetch(`${mock.url}/payments/prepare`, {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ merchant_uid: `after_${stateful}`, amount: 1000 }),
    });
    expect(after.status).toBe(200);
  });
});
