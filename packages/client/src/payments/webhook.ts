import type { IamportClient } from "../client.js";
import type { Payment, PaymentStatus, PaymentWebhook } from "../generated/schemas.js";
import { unwrap } from "../unwrap.js";
import { type WebhookField, WebhookParseError, type WebhookParseReason } from "./errors.js";
import { checkPayment, type ExpectedOrder, type VerifiedPaymentFor, type VerifyOptions } from "./verify.js";

/** A payment notice is about 100 characters; anything past this is not one. */
const MAX_BODY_CHARS = 65_536;
/** Longest `imp_uid`, `merchant_uid` or `customer_uid` accepted. */
const MAX_ID_CHARS = 256;
const STATUSES: readonly string[] = ["ready", "paid", "cancelled", "failed"] satisfies PaymentStatus[];

/** A thrown parse failure, told apart from anything a hostile body's getters or proxies throw by identity alone. */
let raised: WebhookParseError | undefined;
function fail(reason: WebhookParseReason, message: string, field?: WebhookField): never {
  raised = new WebhookParseError(reason, message, field);
  throw raised;
}

const kind = (value: unknown): string => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

/** The body as a field reader: own properties of an object, or the single value of a form field. */
type Fields = (name: WebhookField) => unknown;

function fromString(text: string): Fields {
  if (text.length > MAX_BODY_CHARS) fail("too_large", `the body is longer than ${MAX_BODY_CHARS} characters`);
  const trimmed = text.trim();
  if (trimmed === "") fail("not_an_object", "the body is empty");
  // Form-encoded (`imp_uid=…&merchant_uid=…&status=paid`), as some older setups send it.
  if (!/^[[{"]/.test(trimmed) && trimmed.includes("=")) return fromForm(new URLSearchParams(trimmed));
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    fail("invalid_json", "the body is neither JSON nor form-encoded");
  }
  return fromObject(parsed);
}

function fromForm(form: { getAll(name: string): unknown[] }): Fields {
  return (name) => {
    const values = form.getAll(name);
    if (values.length > 1) fail("invalid_field", `${name} appears ${values.length} times`, name);
    return values[0];
  };
}

function fromObject(value: unknown): Fields {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    fail("not_an_object", `the body is ${kind(value)}, not an object`);
  // Own properties only: nothing inherited, nothing from a polluted prototype.
  return (name) => (Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined);
}

function fieldsOf(body: unknown): Fields {
  if (typeof body === "string") return fromString(body);
  if (body instanceof URLSearchParams) return fromForm(body);
  if (typeof FormData !== "undefined" && body instanceof FormData) return fromForm(body);
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const bytes = body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    if (bytes.byteLength > MAX_BODY_CHARS * 4) fail("too_large", `the body is longer than ${MAX_BODY_CHARS} characters`);
    let text = "";
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      fail("invalid_json", "the body is not UTF-8 text");
    }
    return fromString(text);
  }
  if (typeof body === "object" && body !== null) return fromObject(body);
  return fail("unsupported_body", `the body is ${kind(body)}; pass the parsed JSON object, the raw string, URLSearchParams or bytes`);
}

/** A non-empty string of at most 256 characters, without control characters (`imp_uid`: visible ASCII only). */
function id(fields: Fields, name: WebhookField, pattern: RegExp): string | undefined {
  const value = fields(name);
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value !== "string") fail("invalid_field", `${name} is ${kind(value)}, not a string`, name);
  if (value.length > MAX_ID_CHARS || !pattern.test(value))
    fail("invalid_field", `${name} is not a valid ID (at most ${MAX_ID_CHARS} characters)`, name);
  return value;
}

/**
 * Reads the body PortOne posted to your `notice_url` (웹훅): a parsed JSON
 * object, the raw JSON string, a form-encoded string, `URLSearchParams`,
 * `FormData` or the raw bytes. Returns the payment notice with its known
 * fields only (PortOne may add others; they are dropped, as are
 * `__proto__` and friends).
 *
 * The notice only says that something happened: it is not signed, so do not
 * act on its `status`. {@link handleWebhook} re-reads the payment for you.
 *
 * Throws {@link WebhookParseError} for anything else, whatever its shape.
 */
export function parseWebhook(body: unknown): PaymentWebhook {
  try {
    const fields = fieldsOf(body);
    const impUid = id(fields, "imp_uid", /^[!-~]+$/);
    const merchantUid = id(fields, "merchant_uid", /^\P{Cc}+$/u);
    const customerUid = id(fields, "customer_uid", /^\P{Cc}+$/u);
    const status = fields("status");
    if (impUid === undefined) fail("missing_field", "imp_uid is missing", "imp_uid");
    if (merchantUid === undefined) fail("missing_field", "merchant_uid is missing", "merchant_uid");
    if (status === undefined || status === null || status === "") fail("missing_field", "status is missing", "status");
    if (typeof status !== "string" || !STATUSES.includes(status))
      fail("invalid_field", `status is not one of ${STATUSES.join(", ")}`, "status");
    const notice: PaymentWebhook = { imp_uid: impUid, merchant_uid: merchantUid, status: status as PaymentStatus };
    if (customerUid !== undefined) notice.customer_uid = customerUid;
    return notice;
  } catch (error) {
    if (error === raised && raised !== undefined) throw error;
    // Never rethrow what a hostile body threw (or inspect it: it may be a proxy too).
    throw new WebhookParseError("unreadable", "reading the body threw");
  }
}

/** What your handler gets for a notice: the payment as PortOne reports it now, not as the body said. */
export interface PaymentWebhookEvent {
  /** The fetched payment's `imp_uid`. */
  impUid: string;
  /** The fetched payment's `merchant_uid`: look your order up by it. */
  merchantUid: string;
  /** The fetched payment's status (the body's may be stale, out of order or forged). */
  status: PaymentStatus;
  /**
   * `${imp_uid}:${status}:${cancel_amount}` of the fetched payment: the same
   * for every repeat of one state change, different for the next one (a
   * deposit, each partial refund). Store it (unique index) to act once.
   */
  dedupeKey: string;
  /** The payment from `GET /payments/{imp_uid}`. */
  payment: Payment;
  /** The notice as posted, for your logs only. */
  notice: PaymentWebhook;
  /** Checks the fetched payment against your order, as `verifyPayment()` does, without another request. */
  verify<const O extends VerifyOptions = Record<never, never>>(expected: ExpectedOrder, options?: O): VerifiedPaymentFor<O>;
}

/**
 * Handles a payment notice: parses the body ({@link parseWebhook}), re-reads
 * the payment by its `imp_uid`, and calls `onVerified` with the fetched
 * payment. Resolves to what the handler returns.
 *
 * Make the handler idempotent: notices repeat, arrive out of order and may
 * come before the buyer's browser returns. Act on `event.status` (fetched),
 * dedupe on `event.dedupeKey`, and check the order with `event.verify()`.
 *
 * Rejects with {@link WebhookParseError} for a body that is not a notice (no
 * request made; answer 400), `IamportApiError` when the lookup is refused
 * (404: no such payment, e.g. a forged notice), or whatever the handler throws.
 */
export async function handleWebhook<T>(
  client: Pick<IamportClient, "v1">,
  body: unknown,
  onVerified: (event: PaymentWebhookEvent) => T | Promise<T>,
  options: { signal?: AbortSignal } = {},
): Promise<T> {
  const notice = parseWebhook(body);
  const payment = await unwrap(
    client.v1.GET("/payments/{imp_uid}", { params: { path: { imp_uid: notice.imp_uid } }, signal: options.signal }),
  );
  return onVerified({
    impUid: payment.imp_uid,
    merchantUid: payment.merchant_uid,
    status: payment.status,
    dedupeKey: `${payment.imp_uid}:${payment.status}:${payment.cancel_amount}`,
    payment,
    notice,
    verify: (expected, verifyOptions) => checkPayment(payment, expected, verifyOptions),
  });
}
