/**
 * `@iamport-contract/client/payments`: the server side of taking a payment.
 * Register the amount ({@link preparePayment}), check the payment the
 * browser reports ({@link verifyPayment}) and handle `notice_url` webhooks
 * ({@link handleWebhook}). A separate entry point, so that services that do
 * not take browser payments do not bundle it.
 */

export {
  PaymentVerificationError,
  type PaymentVerificationFailure,
  type PaymentVerificationReason,
  PrepareConflictError,
  type PreparedAmount,
  type WebhookField,
  WebhookParseError,
  type WebhookParseReason,
} from "./errors.js";
export { type PreparePaymentOptions, preparePayment } from "./prepare.js";
export {
  checkPayment,
  type ExpectedOrder,
  type PaidPayment,
  type VerifiedPayment,
  type VerifiedPaymentFor,
  type VerifyOptions,
  type VerifyPaymentOptions,
  type VirtualAccountReadyPayment,
  verifyPayment,
} from "./verify.js";
export { handleWebhook, type PaymentWebhookEvent, parseWebhook } from "./webhook.js";
