import { type Fields, str } from "../body.js";
import { type Reply, refuse } from "../envelope.js";
import { chargeOutcome, issueOutcome, maskCard } from "./magic.js";
import { MOCK_CARD, pgOf } from "./mock-pg.js";
import { nullableStr } from "./order-fields.js";
import type { BillingKey } from "./records.js";
import type { MockState, StoredBillingKey } from "./state.js";

/**
 * A billing key for the card in `body`, or the refusal its magic card
 * number asks for. Not stored: callers keep it only once their operation
 * succeeds. Re-issuing a `customer_uid` keeps its first `inserted`.
 */
export function issueBillingKey(state: MockState, customerUid: string, body: Fields): StoredBillingKey | Reply {
  const cardNumber = str(body.card_number) ?? "";
  const outcome = issueOutcome(cardNumber);
  if (outcome.kind !== "approve") return refuse(`빌링키 발급 실패: ${outcome.reason}`);
  const now = state.now();
  const previous = state.billingKeys.get(customerUid);
  const pg = pgOf(body);
  const key: BillingKey = {
    customer_uid: customerUid,
    pg_provider: pg.pg_provider,
    pg_id: pg.pg_id,
    sandbox: false,
    customer_id: nullableStr(body.customer_id),
    card_name: MOCK_CARD.card_name,
    card_code: MOCK_CARD.card_code,
    card_issuer_code: null,
    card_issuer_name: null,
    card_publisher_code: null,
    card_publisher_name: null,
    card_number: maskCard(cardNumber),
    card_type: MOCK_CARD.card_type,
    customer_name: nullableStr(body.customer_name ?? body.buyer_name),
    customer_tel: nullableStr(body.customer_tel ?? body.buyer_tel),
    customer_email: nullableStr(body.customer_email ?? body.buyer_email),
    customer_addr: nullableStr(body.customer_addr ?? body.buyer_addr),
    customer_postcode: nullableStr(body.customer_postcode ?? body.buyer_postcode),
    inserted: previous?.key.inserted ?? now,
    updated: now,
  };
  const charge = chargeOutcome(cardNumber);
  return { key, chargesDecline: charge.kind === "decline" ? charge.reason : undefined };
}
