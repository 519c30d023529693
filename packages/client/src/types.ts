/**
 * Types-only entry point (`@iamport-contract/client/types`): the generated
 * OpenAPI types and named types for what services pass around, importable
 * without pulling in any runtime code.
 */

import type { components, operations, paths } from "./generated/openapi.js";
import type {
  AgainPaymentRequest,
  Certification,
  OnetimePaymentRequest,
  Payment,
  ReceiptIdentifierFields,
  Schedule,
} from "./generated/schemas.js";

export type { components, operations, paths, webhooks } from "./generated/openapi.js";
/**
 * One named type per schema of the spec, generated at build: resources
 * (`Payment`, `PaymentCancelHistory`, `BillingKey`, `Schedule`,
 * `PaymentPrepare`, `VbankHolder`, `Receipt`, `Certification`, …), request
 * bodies (`CancelPaymentRequest`, `PreparePaymentRequest`,
 * `OnetimePaymentRequest`, `AgainPaymentRequest`, …), enums
 * (`PaymentStatus`, `ScheduleStatus`, `Currency`, …) and envelopes.
 */
export type * from "./generated/schemas.js";

/**
 * Types of the payment helpers (`@iamport-contract/client/payments`), for
 * code that passes their results around without importing the helpers.
 */
export type {
  ExpectedOrder,
  PaidPayment,
  PaymentVerificationFailure,
  PaymentVerificationReason,
  PaymentWebhookEvent,
  PreparedAmount,
  PreparePaymentOptions,
  VerifiedPayment,
  VerifiedPaymentFor,
  VerifyOptions,
  VerifyPaymentOptions,
  VirtualAccountReadyPayment,
  WebhookField,
  WebhookParseReason,
} from "./payments/index.js";

/** Every schema of the spec by name, e.g. `Schemas["Payment"]`. */
export type Schemas = components["schemas"];

type SupplementsPathKey = Extract<keyof paths, `/api/supplements/${string}`>;
/** Paths served by the V1 API on `https://api.iamport.kr`. */
export type V1Paths = Omit<paths, SupplementsPathKey>;
/** Paths served by the supplements API on `https://api.iamport.co`. */
export type SupplementsPaths = Pick<paths, SupplementsPathKey>;

/** An operation's `operationId`, e.g. `"cancelPayment"`. */
export type OperationId = keyof operations;
/** The JSON request body of an operation, e.g. `RequestBodyOf<"cancelPayment">`. */
export type RequestBodyOf<Id extends OperationId> = operations[Id] extends { requestBody?: { content: { "application/json": infer Body } } }
  ? Body
  : never;
/** The JSON body of an operation's 200 answer (the whole envelope for V1), e.g. `ResponseBodyOf<"getPayment">`. */
export type ResponseBodyOf<Id extends OperationId> = operations[Id] extends {
  responses: { 200: { content: { "application/json": infer Body } } };
}
  ? Body
  : never;

// Enum unions the spec declares inline on a field.
/** Where a payment was made: `pc`, `mobile` or `api`. */
export type PaymentChannel = NonNullable<Payment["channel"]>;
/** Card kind: `0` credit, `1` check (debit) card. */
export type CardType = NonNullable<Payment["card_type"]>;
/** What a payment did with its billing key: `issue`, `payment` or `payment.scheduled`. */
export type CustomerUidUsage = NonNullable<Payment["customer_uid_usage"]>;
/** `real` (shipped goods) or `digital`. */
export type ProductType = NonNullable<OnetimePaymentRequest["product_type"]>;
/** Who a cash receipt is for: `person`, `company` or `anonymous`. */
export type CashReceiptType = NonNullable<AgainPaymentRequest["cash_receipt_type"]>;
/** What became of a scheduled payment when it ran: `paid`, `failed` or `cancelled`. */
export type SchedulePaymentStatus = NonNullable<Schedule["payment_status"]>;
/** Mobile carrier of a verified person. */
export type Carrier = NonNullable<Certification["carrier"]>;
/** What identifies the receiver of a cash receipt: `person`, `business`, `phone` or `taxcard`. */
export type ReceiptIdentifierType = NonNullable<ReceiptIdentifierFields["identifier_type"]>;
