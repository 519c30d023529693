import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_KEY, API_SECRET, SPEC, startCheckedMock } from "./harness.js";

/**
 * The stateful mock's records are typed as the spec's schemas with every key
 * present (`Required<…>`): this checks the same at run time, on the wire, so
 * a property added to a schema without the mock filling it is caught here
 * as well as by the compiler.
 */
type Schema = { $ref?: string; allOf?: Schema[]; properties?: Record<string, unknown> };
const schemas = (SPEC as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;

/** Every property a schema names, through `$ref` and `allOf`. */
function propertiesOf(schema: Schema): string[] {
  if (schema.$ref) return propertiesOf(schemas[schema.$ref.replace("#/components/schemas/", "")] as Schema);
  return [...Object.keys(schema.properties ?? {}), ...(schema.allOf ?? []).flatMap(propertiesOf)].sort();
}
const keysOf = (record: object) => Object.keys(record).sort();

type Harness = Awaited<ReturnType<typeof startCheckedMock>>;
let harness: Harness;
let token: string;

async function api(method: string, path: string, body?: unknown) {
  const res = await harness.checkedFetch(`${harness.mock.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as { code: number; response: Record<string, unknown> };
}

beforeAll(async () => {
  harness = await startCheckedMock();
  token = "";
  token = (await api("POST", "/users/getToken", { imp_key: API_KEY, imp_secret: API_SECRET })).response.access_token as string;
});
afterAll(() => harness.mock.close());

describe("stateful records carry every property of their spec schema", () => {
  const card = { card_number: "4242-4242-4242-4242", expiry: "2030-12", birth: "900101", pwd_2digit: "00" };

  it("payments, billing keys, prepared amounts and cash receipts", async () => {
    const prepared = await api("POST", "/payments/prepare", { merchant_uid: "rec_p", amount: 11000 });
    expect(keysOf(prepared.response)).toEqual(propertiesOf({ $ref: "#/components/schemas/PaymentPrepare" }));
    const paid = await api("POST", "/subscribe/payments/onetime", { merchant_uid: "rec_p", amount: 11000, customer_uid: "rec_c", ...card });
    expect(paid.code).toBe(0);
    expect(keysOf(paid.response)).toEqual(propertiesOf({ $ref: "#/components/schemas/Payment" }));
    const cancelled = await api("POST", "/payments/cancel", { imp_uid: paid.response.imp_uid, amount: 1000 });
    expect(keysOf((cancelled.response.cancel_history as object[])[0] as object)).toEqual(
      propertiesOf({ $ref: "#/components/schemas/PaymentCancelHistory" }),
    );
    const key = await api("GET", "/subscribe/customers/rec_c");
    expect(keysOf(key.response)).toEqual(propertiesOf({ $ref: "#/components/schemas/BillingKey" }));
    const receipt = await api("POST", `/receipts/${paid.response.imp_uid}`, { identifier: "01012345678", type: "person" });
    expect(keysOf(receipt.response)).toEqual(propertiesOf({ $ref: "#/components/schemas/Receipt" }));
  });

  it("schedules", async () => {
    const now = Math.floor(Date.now() / 1000);
    const scheduled = await api("POST", "/subscribe/payments/schedule", {
      customer_uid: "rec_s",
      ...card,
      schedules: [{ merchant_uid: "rec_s1", schedule_at: now + 3600, amount: 9900 }],
    });
    expect(scheduled.code).toBe(0);
    expect(keysOf((scheduled.response as unknown as object[])[0] as object)).toEqual(
      propertiesOf({ $ref: "#/components/schemas/Schedule" }),
    );
  });

  it("certifications", async () => {
    const requested = await api("POST", "/certifications/otp/request", {
      name: "홍길동",
      phone: "01012345678",
      birth: "900101",
      gender_digit: "1",
      carrier: "SKT",
    });
    const confirmed = await api("POST", `/certifications/otp/confirm/${requested.response.imp_uid}`, { otp: "123456" });
    expect(keysOf(confirmed.response)).toEqual(propertiesOf({ $ref: "#/components/schemas/Certification" }));
  });

  it("every answer above matches the spec", () => {
    expect(harness.checked.filter((c) => c.problem)).toEqual([]);
  });
});
