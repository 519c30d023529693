import { type Fields, str } from "../body.js";
import type { Currency } from "./records.js";

/** A request's string field, or `null` (the API's "unknown") when it was not sent. */
export const nullableStr = (value: unknown): string | null => str(value) ?? null;

/** Fields of the request the payment reflects as they were sent (echo). */
export function orderFields(body: Fields) {
  return {
    name: nullableStr(body.name),
    buyer_name: nullableStr(body.buyer_name),
    buyer_email: nullableStr(body.buyer_email),
    buyer_tel: nullableStr(body.buyer_tel),
    buyer_addr: nullableStr(body.buyer_addr),
    buyer_postcode: nullableStr(body.buyer_postcode),
    custom_data:
      typeof body.custom_data === "object" && body.custom_data !== null ? JSON.stringify(body.custom_data) : nullableStr(body.custom_data),
    // The request was validated against the spec, whose Currency enum this is.
    currency: (str(body.currency) || "KRW") as Currency,
  };
}
