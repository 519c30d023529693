/**
 * Magic card numbers, in the spirit of Stripe's test cards: the outcome of a
 * charge depends only on the card number. Any other well-formed number is
 * approved. Documented in the README's magic-values table.
 */
export type CardOutcome =
  | { kind: "approve" }
  /** The PG declines: a `failed` payment is stored and returned with `code: 0`. */
  | { kind: "decline"; reason: string }
  /** PortOne refuses before a payment exists: `code: -1`, `response: null`. */
  | { kind: "refuse"; reason: string };

interface MagicCard {
  outcome: CardOutcome;
  /** Billing keys issued with this card are stored, but every charge on them declines. */
  chargesDecline?: string;
}

const MAGIC_CARDS: Record<string, MagicCard> = {
  "4000000000000002": { outcome: { kind: "decline", reason: "카드사 승인 거절: 거래정지 카드" } },
  "4000000000009995": { outcome: { kind: "decline", reason: "카드사 승인 거절: 한도초과" } },
  "4000000000000069": { outcome: { kind: "refuse", reason: "카드 유효기간이 만료되었습니다." } },
  "4000000000000127": { outcome: { kind: "refuse", reason: "카드 정보가 올바르지 않습니다." } },
  "4000000000000119": { outcome: { kind: "refuse", reason: "PG사 통신 중 오류가 발생했습니다." } },
  "4000000000000341": { outcome: { kind: "approve" }, chargesDecline: "카드사 승인 거절: 잔액부족" },
};

function digits(cardNumber: string): string {
  return cardNumber.replace(/\D/g, "");
}

/** What charging this card (once) does. */
export function chargeOutcome(cardNumber: string): CardOutcome {
  const magic = MAGIC_CARDS[digits(cardNumber)];
  if (!magic) return { kind: "approve" };
  if (magic.chargesDecline) return { kind: "decline", reason: magic.chargesDecline };
  return magic.outcome;
}

/** What issuing a billing key with this card does: declines refuse the key; `…0341` issues a key whose charges decline. */
export function issueOutcome(cardNumber: string): CardOutcome {
  const magic = MAGIC_CARDS[digits(cardNumber)];
  if (!magic) return { kind: "approve" };
  if (magic.outcome.kind === "decline") return { kind: "refuse", reason: magic.outcome.reason };
  return magic.outcome;
}

/** `4242424242424242` → `424242******4242`, as PGs mask card numbers. */
export function maskCard(cardNumber: string): string {
  const d = digits(cardNumber);
  return `${d.slice(0, 6)}${"*".repeat(Math.max(0, d.length - 10))}${d.slice(-4)}`;
}
