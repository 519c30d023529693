import { setOwn } from "../body.js";
import type { Masker } from "./masking.js";

/**
 * Realistic stand-ins for personal values in recordings, so that a recording
 * can become a spec example as it is. Each keeps the shape readers expect
 * (a Korean name, a 010 phone number, an address in Seoul, a masked card).
 */
const PERSONAL_FAKES: Record<string, string> = {
  buyer_name: "김포트",
  buyer_email: "buyer@example.com",
  buyer_tel: "010-1234-5678",
  buyer_addr: "서울특별시 강남구 테헤란로 123",
  buyer_postcode: "06236",
  customer_name: "김포트",
  customer_email: "buyer@example.com",
  customer_tel: "010-1234-5678",
  customer_addr: "서울특별시 강남구 테헤란로 123",
  customer_postcode: "06236",
  vbank_holder: "김포트",
  name: "김포트",
  email: "buyer@example.com",
  phone: "01012345678",
  tel: "010-1234-5678",
  birthday: "1990-01-01",
  birth: "900101",
  card_number: "536648******1234",
  vbank_num: "56211234567890",
  bank_holder: "김포트",
  refund_holder: "김포트",
  refund_account: "1234567890",
};

/** Identifiers that point at a real order or payment: their digits are replaced, their prefixes and format kept. */
const IDENTIFYING = new Set(["imp_uid", "merchant_uid", "customer_uid", "pg_tid", "apply_num", "receipt_url", "vbank_num", "bank_num"]);

/** Digits used to refill a sensitive value that has no named fake (a test card's). */
const FILL_DIGITS = "4242424242424242424242";

function fakeDigits(value: string): string {
  let digit = 0;
  return value.replace(/[0-9]/g, () => FILL_DIGITS[digit++ % FILL_DIGITS.length] as string);
}

/** A fake that keeps the value's format: digits become test digits, letters become `x`, separators and `*` stay. */
function sameShape(value: string): string {
  return fakeDigits(value).replace(/[A-Za-z]/g, "x");
}

/**
 * A copy of a response body with personal and sensitive values replaced by
 * fakes. `null` stays `null` (it is part of the shape a recording captures).
 */
export function withFakes(value: unknown, masker: Masker, fieldName?: string): unknown {
  if (value === null || value === undefined) return value;
  if (fieldName !== undefined && typeof value !== "object") {
    const personal = PERSONAL_FAKES[fieldName];
    if (personal !== undefined && typeof value === "string") return personal;
    if (masker.isSensitive(fieldName)) return typeof value === "string" ? sameShape(value) : value;
    if (IDENTIFYING.has(fieldName) && typeof value === "string") return masker.scrubText(fakeDigits(value));
  }
  if (typeof value === "string") return masker.scrubText(value);
  if (Array.isArray(value)) return value.map((item) => withFakes(item, masker));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) setOwn(out, key, withFakes(item, masker, key));
    return out;
  }
  return value;
}
