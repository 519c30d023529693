// The wire bundle (dist/openapi.json) accepts the forms PortOne accepts; the
// canonical bundle (dist/openapi.canonical.json), which the client's types
// come from, keeps only the canonical form. Both are checked with a plain
// JSON Schema 2020-12 validator, as any tool would see them.
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { lenientPointers } from "../../lib/canonical.mjs";
import { loadBundle } from "../../toolkit/index.mjs";

const wire = loadBundle("openapi.json");
const canonical = loadBundle("openapi.canonical.json");

function validatorFor(doc, schemaName) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // OpenAPI's own keywords are annotations to a JSON Schema validator.
  for (const keyword of ["x-lenient", "x-sensitive", "discriminator", "xml", "externalDocs", "example"]) ajv.addKeyword(keyword);
  ajv.addSchema({ $id: "https://contract.invalid/bundle.json", components: doc.components });
  return (
    ajv.getSchema(`https://contract.invalid/bundle.json#/components/schemas/${schemaName}`) ??
    ajv.compile({ $ref: `https://contract.invalid/bundle.json#/components/schemas/${schemaName}` })
  );
}

const canonicalPayment = {
  merchant_uid: "order_lenient_0001",
  amount: 123456,
  card_number: "1234-5678-1234-5678",
  expiry: "2029-12",
  birth: "880101",
  pwd_2digit: "12",
};

// One request per class of leniency the issue names; each is what a public client sends.
const lenientPayments = {
  "amount as a numeric string": { amount: "123456" },
  "null for an optional field": { buyer_email: null, customer_uid: null, card_quota: null },
  "expiry as YYYYMM": { expiry: "202912" },
  "expiry as YYYY-MM-DD": { expiry: "2029-12-31" },
  "birth as YYYYMMDD": { birth: "19880101" },
  "birth as YYYY-MM-DD": { birth: "1988-01-01" },
  "birth as a JSON number": { birth: 880101 },
  "pwd_2digit as a JSON number": { pwd_2digit: 12 },
  "card number without dashes": { card_number: "1234567812345678" },
  "AMEX card number grouped 4-6-5": { card_number: "3782-822463-10005" },
  "empty notice_url": { notice_url: "" },
  "empty strings for unset optional fields (PHP clients)": { customer_uid: "", product_type: "", currency: "" },
  "card_quota as a numeric string": { card_quota: "3" },
};

describe("wire bundle: lenient forms validate", () => {
  const validate = validatorFor(wire, "OnetimePaymentRequest");
  it("accepts the canonical request", () => {
    expect(validate(canonicalPayment), JSON.stringify(validate.errors)).toBe(true);
  });
  for (const [name, patch] of Object.entries(lenientPayments)) {
    it(`accepts ${name}`, () => {
      expect(validate({ ...canonicalPayment, ...patch }), JSON.stringify(validate.errors)).toBe(true);
    });
  }
  it("still refuses what PortOne refuses: a wrong expiry month, a negative or overflowing amount, a missing card number", () => {
    expect(validate({ ...canonicalPayment, expiry: "2029-13" })).toBe(false);
    expect(validate({ ...canonicalPayment, amount: -1 })).toBe(false);
    expect(validate({ ...canonicalPayment, amount: 1e308 })).toBe(false);
    expect(validate({ ...canonicalPayment, amount: "12a" })).toBe(false);
    const { card_number: _omitted, ...withoutCard } = canonicalPayment;
    expect(validate(withoutCard)).toBe(false);
  });
  it("accepts a vbank_due with a fraction of a second and refuses one beyond year 9999", () => {
    const vbank = validatorFor(wire, "UpdateVbankRequest");
    expect(vbank({ imp_uid: "imp_1", vbank_due: 1657811845.123 }), JSON.stringify(vbank.errors)).toBe(true);
    expect(vbank({ imp_uid: "imp_1", vbank_due: 2 ** 53 })).toBe(false);
  });
  it("accepts a stored-key payment without `name`", () => {
    const again = validatorFor(wire, "AgainPaymentRequest");
    expect(again({ customer_uid: "c1", merchant_uid: "m1", amount: 1000 }), JSON.stringify(again.errors)).toBe(true);
  });
});

describe("canonical bundle: only the canonical form", () => {
  it("has no x-lenient node left, while the wire bundle has them", () => {
    expect(lenientPointers(canonical)).toEqual([]);
    expect(lenientPointers(wire).length).toBeGreaterThan(100);
  });
  const validate = validatorFor(canonical, "OnetimePaymentRequest");
  it("accepts the canonical request", () => {
    expect(validate(canonicalPayment), JSON.stringify(validate.errors)).toBe(true);
  });
  for (const name of [
    "amount as a numeric string",
    "null for an optional field",
    "birth as a JSON number",
    "pwd_2digit as a JSON number",
    "empty notice_url",
    "empty strings for unset optional fields (PHP clients)",
  ]) {
    it(`refuses ${name}`, () => {
      expect(validate({ ...canonicalPayment, ...lenientPayments[name] })).toBe(false);
    });
  }
  it("gives the type generator plain types: amount a number, expiry a string, optional fields without null", () => {
    const schemas = canonical.components.schemas;
    expect(schemas.AmountInput.$ref).toBe("#/components/schemas/Amount");
    expect(schemas.AmountInput.anyOf).toBeUndefined();
    expect(schemas.Amount.type).toBe("number");
    expect(schemas.UnixTimestampInput.$ref).toBe("#/components/schemas/UnixTimestamp");
    const payment = schemas.OnetimePaymentRequest.properties;
    expect(payment.expiry.type).toBe("string");
    expect(payment.buyer_email).toMatchObject({ type: "string" });
    expect(payment.buyer_email.anyOf).toBeUndefined();
    expect(payment.card_quota).toMatchObject({ type: "integer" });
    expect(JSON.stringify(schemas.OnetimePaymentRequest)).not.toContain('"null"');
  });
  it("keeps x-sensitive and writeOnly on the card fields whose lenient branches were removed", () => {
    const properties = canonical.components.schemas.OnetimePaymentRequest.properties;
    for (const field of ["birth", "pwd_2digit", "cvc"]) {
      expect(properties[field]).toMatchObject({ "x-sensitive": true, writeOnly: true, type: "string" });
      expect(properties[field].anyOf).toBeUndefined();
    }
  });
});

describe("trailing-slash aliases", () => {
  const declared = wire["x-trailing-slash-aliases"];
  it("the wire bundle serves every declared path with a trailing slash too, deprecated, under its own operationId", () => {
    expect(declared.length).toBeGreaterThan(0);
    for (const path of declared) {
      const alias = wire.paths[`${path}/`];
      expect(alias, path).toBeDefined();
      expect(alias["x-lenient"]).toBe(true);
      for (const [method, operation] of Object.entries(wire.paths[path])) {
        if (!operation?.operationId) continue;
        expect(alias[method]).toMatchObject({ operationId: `${operation.operationId}TrailingSlash`, deprecated: true });
        expect(alias[method].requestBody).toEqual(operation.requestBody);
      }
    }
  });
  it("the canonical bundle has none of them", () => {
    for (const path of declared) expect(canonical.paths[`${path}/`], path).toBeUndefined();
    expect(Object.keys(canonical.paths).some((path) => path.endsWith("/"))).toBe(false);
  });
});

describe("ignored request bodies", () => {
  // Both official Java clients post `{}` to these operations, which take no body.
  const operations = [
    ["/subscribe/payments/schedule/{merchant_uid}/retry", "post"],
    ["/payments/{imp_uid}/naver/point", "post"],
  ];
  it("the wire bundle accepts an optional JSON object, marked x-lenient", () => {
    for (const [path, method] of operations) {
      expect(wire.paths[path][method].requestBody, path).toMatchObject({ "x-lenient": true, required: false });
      expect(wire.paths[path][method].requestBody.content["application/json"].schema, path).toEqual({ type: "object" });
      expect(wire.paths[path][method].requestBody.content["application/json"].examples.javaClients.value, path).toEqual({});
    }
  });
  it("the canonical bundle declares no body there, so the client offers none", () => {
    for (const [path, method] of operations) expect(canonical.paths[path][method].requestBody, path).toBeUndefined();
  });
});
