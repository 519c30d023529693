import { afterAll, describe, expect, inject, it } from "vitest";
import { createIamportClient, IamportApiError, IamportNetworkError, unwrap } from "../../src/index.js";
import { redact, SENSITIVE_FIELDS, sensitiveValuesOf } from "../../src/redact.js";
import { API_KEY, API_SECRET, fakePortOne, json } from "../helpers/fake-portone.js";
import { errorLog } from "../helpers/safety.js";
import { operations, resolve } from "../helpers/spec.js";

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
  /** Every x-sensitive property reachable from an operation's request body, found independently of the build script. */
  function sensitiveRequestFields(): Set<string> {
    const found = new Set<string>();
    const seen = new Set<unknown>();
    const visit = (raw: unknown): void => {
      const schema = resolve(raw);
      if (!schema || typeof schema !== "object" || seen.has(schema)) return;
      seen.add(schema);
      for (const [name, property] of Object.entries<Record<string, unknown>>(schema.properties ?? {})) {
        if (property["x-sensitive"] === true || resolve(property)?.["x-sensitive"] === true) found.add(name);
      }
      for (const child of Object.values(schema)) if (child && typeof child === "object") visit(child);
    };
    for (const op of operations()) {
      const content = op.operation.requestBody ? resolve(op.operation.requestBody).content : {};
      for (const media of Object.values<{ schema?: unknown }>(content ?? {})) visit(media.schema);
    }
    return found;
  }

  it("are all masked by the client, in JSON and form bodies", () => {
    const fields = sensitiveRequestFields();
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

  it("masks them in the real mock's validation errors", async () => {
    const client = createIamportClient({
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      baseUrl: inject("mockUrl"),
      supplementsBaseUrl: inject("mockUrl"),
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

  it("serialise to a fixed set of plain fields, never the request or response", () => {
    for (const error of log.errors) {
      const keys = Object.keys(JSON.parse(JSON.stringify(error)) as object);
      expect(
        keys.every((key) => ["name", "message", "operation", "status", "code", "apiMessage"].includes(key)),
        keys.join(),
      ).toBe(true);
    }
    expect(log.errors.length).toBeGreaterThanOrEqual(6);
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
