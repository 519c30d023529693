import { SENSITIVE_FIELD_NAMES } from "./generated/sensitive-fields.js";

/**
 * Request fields whose values must never reach an error, a log line or JSON:
 * every property the spec marks `x-sensitive: true` (card number, expiry,
 * birth, pwd_2digit, cvc, imp_secret, access_token, …), read from the spec
 * at build time by scripts/generate.mjs.
 */
export const SENSITIVE_FIELDS: ReadonlySet<string> = new Set(SENSITIVE_FIELD_NAMES.split(" "));

/** Values of sensitive fields in a JSON or form-urlencoded request body. */
export function sensitiveValues(body: string): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        if (SENSITIVE_FIELDS.has(key) && typeof inner !== "object") found.push(String(inner));
        else visit(inner);
      }
    }
  };
  try {
    visit(JSON.parse(body));
  } catch {
    new URLSearchParams(body).forEach((value, key) => {
      if (SENSITIVE_FIELDS.has(key)) found.push(value);
    });
  }
  return found;
}

/**
 * `text` with every secret replaced by `[REDACTED]`. Secrets shorter than 4
 * characters (a 2-digit `pwd_2digit`, a `cvc`) are masked only where they
 * stand alone, so that they do not eat every number in the text.
 */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 3) out = out.split(secret).join("[REDACTED]");
    else if (/^\w+$/.test(secret)) out = out.replace(new RegExp(`\\b${secret}\\b`, "g"), "[REDACTED]");
  }
  return out;
}
