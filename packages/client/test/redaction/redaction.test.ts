import { dereference, listOperations, loadBundle, sensitiveFieldNames } from "@iamport-contract/spec/toolkit";
import { errorLog } from "@iamport-contract/test-support/error-log";
import { afterAll, describe, expect, it } from "vitest";
import { createIamportClient, IamportApiError, IamportNetworkError, unwrap } from "../../src/index.js";
import { redact, SENSITIVE_FIELDS, sensitiveValuesOf } from "../../src/redact.js";
import { API_KEY, API_SECRET, fakePortOne, json } from "../helpers/fake-portone.js";

const log = errorLog();
afterAll(() => log.assertNoSecrets());

const CARD = {
  card_number: "9410-6123-4567-8901",
  expiry: "2031-07",
  birth: "880214",
  pwd_2digit: "47",
  cvc: "862",
};
for (const value of [API_SECRET, ...Object.values(CARD)]) log.secrets.add(value);

const onetime = (client: ReturnType<typeof createIamportClient>) =>
  client.v1.POST("/subscribe/payments/onetime", { body: { merchant_uid: "order_redaction_0001", amount: 9900, ...CARD } });

/** A PortOne that quotes the whole request back in its error message, the worst case for leaks. */
function echoingPortOne(status: number) {
  return fakePortOne({
    handler: (call) => json(status, { code: -1, message: `rejected ${call.body} with ${call.authorization}`, response: null }),
  });
}

describe("x-sensitive fields of the spec", () => {
  it("are all masked by the client, in JSON and form bodies", () => {
    // Request bodies of the full bundle, with the wire-only x-lenient branches the client's types leave out.
    const requestBodies = listOperations(dereference(loadBundle())).map(({ operation }) => operation.requestBody ?? {});
    const fields = sensitiveFieldNames({ requestBodies });
    expect([...fields]).toEqual(expect.arrayContaining(["imp_secret", "card_number", "expiry", "birth", "pwd_2digit", "cvc"]));
    for (const name of fields) {
      expect(SENSITIVE_FIELDS.has(name), name).toBe(true);
      const value = `value-of-${name}`;
      expect(sensitiveValuesOf(JSON.stringify({ merchant_uid: "m", nested: [{ [name]: value }] }))).toEqual([value]);
      expect(sensitiveValuesOf(new URLSearchParams({ merchant_uid: "m", [name]: value }).toString())).toEqual([value]);
    }
  });
});

describe("errors never carry secrets", () => {
  it("masks card data, the token and the secret when PortOne quotes the request (HTTP 400)", async () => {
    const fake = echoingPortOne(400);
    const client = createIamportClient({ apiKey: API_KEY, apiSecret: API_SECRET, baseUrl: "http://portone.test", fetch: fake.fetch });
    const error = await log.rejection(unwrap(onetime(client)));
    log.addTokensFrom(fake.calls);
    expect(error).toBeInstanceOf(IamportApiError);
    expect((error as Error).message).toContain("[REDACTED]");
    expect((error as Error).message).toContain("order_redaction_0001"); // not sensitive: kept
  });

  it("masks them in a refusal inside HTTP 200 too", async () => {
    const fake = echoingPortOne(200);
    const client = createIamportClient({ apiKey: API_KEY, apiSecret: API_SECRET, baseUrl: "http://portone.test", fetch: fake.fetch });
    const error = await log.rejection(unwrap(onetime(client)));
    log.addTokensFrom(fake.calls);
    expect(error).toMatchObject({ status: 200, code: -1 });
  });

  it("masks them in a network error whose message quotes the request", async () => {
    const fake = fakePortOne();
    const client = createIamportClient({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      baseUrl: "http://portone.test",
      fetch: async (request) => {
        if (new URL(request.url).pathname === "/users/getToken") return fake.fetch(request);
        const quoted = `${request.headers.get("authorization")} ${await request.text()}`;
        throw new TypeError(`proxy refused ${quoted}`, { cause: new Error(`upstream said ${quoted}`) });
      },
    });
    const error = await log.rejection(onetime(client));
    log.addTokensFrom(fake.calls);
    log.secrets.add((await client.auth.getAccessToken()) as string);
    expect(error).toBeInstanceOf(IamportNetworkError);
    expect((error as Error).message).toMatch(/proxy refused .*\[REDACTED\].*upstream said/);
  });

  it("masks them when the body is form-urlencoded", async () => {
    const fake = echoingPortOne(400);
    const client = createIamportClient({ apiKey: API_KEY, apiSecret: API_SECRET, baseUrl: "http://portone.test", fetch: fake.fetch });
    const error = await log.rejection(
      unwrap(
        client.v1.POST("/subscribe/payments/onetime", {
          body: { merchant_uid: "order_redaction_0002", amount: 9900, ...CARD },
          bodySerializer: (body) => new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString(),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
      ),
    );
    log.addTokensFrom(fake.calls);
    expect(fake.apiCalls()[0]?.body).toContain("card_number=9410-6123-4567-8901");
    expect((error as Error).message).toContain("order_redaction_0002");
  });

  it("masks them when getToken fails on the network", async () => {
    const client = createIamportClient({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      baseUrl: "http://portone.test",
      fetch: async (request) => {
        throw new TypeError(`refused ${await request.text()}`);
      },
    });
    const error = await log.rejection(client.auth.getAccessToken());
    expect(error).toBeInstanceOf(IamportNetworkError);
    expect(error).toMatchObject({ operation: { method: "POST", path: "/users/getToken" } });
  });

  it("serialise to a fixed set of plain fields, never the request or response", () => {
    for (const error of log.errors) {
      const keys = Object.keys(JSON.parse(JSON.stringify(error)) as object);
      expect(
        keys.every((key) => ["name", "message", "operation", "status", "code", "apiMessage"].includes(key)),
        keys.join(),
      ).toBe(true);
    }
    expect(log.errors.length).toBeGreaterThanOrEqual(5);
  });
});

describe("redact()", () => {
  it("masks short secrets only where they stand alone", () => {
    expect(redact("pwd 47 and cvc 862 refused; amount 4700, code 1862", ["47", "862"])).toBe(
      "pwd [REDACTED] and cvc [REDACTED] refused; amount 4700, code 1862",
    );
  });

  it("masks every occurrence of a long secret", () => {
    expect(redact("a SECRETVALUE b SECRETVALUE", ["SECRETVALUE", ""])).toBe("a [REDACTED] b [REDACTED]");
  });
});
