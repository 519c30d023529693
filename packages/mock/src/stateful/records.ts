import type { components } from "../generated/openapi.js";

/**
 * The records the stateful mock stores and returns, as the spec's schemas
 * say them (generated from the bundle, so they cannot drift from it).
 * `Required` because the real API sends every key, `null` where unknown,
 * and so does the mock.
 */
type Schemas = components["schemas"];

export type Payment = Required<Schemas["Payment"]>;
export type Currency = Schemas["Currency"];
export type PreparedPayment = Required<Schemas["PaymentPrepare"]>;
export type AccessToken = Schemas["AccessToken"];
/** A billing key (빌링키); PortOne calls it a customer. */
export type BillingKey = Required<Schemas["BillingKey"]>;
/** A scheduled payment (결제예약). */
export type Schedule = Required<Schemas["Schedule"]>;
/** An identity verification (본인인증), `certified` once its OTP is confirmed. */
export type Certification = Required<Schemas["Certification"]>;
/** A payment's cash receipt (현금영수증), its amount the payment's. */
export type CashReceipt = Required<Schemas["Receipt"]>;
/** What creating a payment URL answers (the supplements API has no envelope). */
export type PaymentLink = Schemas["PaymentLink"];
