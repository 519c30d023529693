import { SENSITIVE_FIELD_NAMES } from "./generated/sensitive-fields.js";

/**
 * Request fields whose values must never reach an error, a log line or JSON:
 * every property the spec marks `x-sensitive: true` (card number, expiry,
 * birth, pwd_2digit, cvc, imp_secret, access_token, …), read from the spec
 * at build time by scripts/generate.mjs.
 */
export const SENSITIVE_FIELDS: ReadonlySet<string> = new Set(SENSITIVE_FIELD_NAMES.split(" "));

/** Values of sensitive fields in a request body, as passed to a call (the object, before serialisation). */
export function sensitiveValuesOf(body: unknown): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        if (SENSITIVE_FIELDS.has(key) && typeof inner !== "object") found.push(String(inner));
        else visit(inner);
      }
    }
  };
  visit(typeof body === "string" ? parse(body) : body);
  return found;
}

/** A JSON or form-urlencoded body as an object. */
function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return Object.fromEntries(new URLSearchParams(body) as unknown as Iterable<[string, string]>);
  }
}

/**
 * Card-number-like runs of 13 to 19 digits (spaces or dashes allowed). Masked in every error whatever the call's context, so that
 * a server message echoing a card number stays masked even when the values
 * sent are unknown (an error built from a response the client did not make).
 */
const MASK = "[REDACTED]";
const ALWAYS_MASKED = /\b\d(?:[ -]?\d){12,18}\b/g;

/**
 * `text` with every secret and card-number-like digit run replaced by `[REDACTED]`. Secrets shorter than 4
 * characters (a 2-digit `pwd_2digit`, a `cvc`) are masked only where they
 * stand alone, so that they do not eat every number in the text.
 */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text.replace(ALWAYS_MASKED, MASK);
  for (const secret of secrets) {
    if (secret.length > 3) out = out.split(secret).join(MASK);
    else if (/^\w+$/.test(secret)) out = out.replace(new RegExp(`\\b${secret}\\b`, "g"), MASK);
  }
  return out;
}
