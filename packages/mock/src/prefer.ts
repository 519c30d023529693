import parsePreferHeader from "parse-prefer-header";

/** What a `Prefer` header asks Prism's mocker for, as Prism's own HTTP server reads it. */
export interface Preferences {
  code?: number;
  exampleKey?: string;
}

/**
 * Reads `Prefer: code=404` and `Prefer: example=<name>` with the parser
 * Prism's server uses. A `code` that is not three digits is ignored, as an
 * unknown preference is (RFC 7240: a server may ignore any preference).
 */
export function readPreferences(header: string | undefined): Preferences | undefined {
  if (!header) return undefined;
  const parsed = parsePreferHeader(header) as Record<string, unknown>;
  const preferences: Preferences = {};
  if (typeof parsed.code === "string" && /^\d{3}$/.test(parsed.code)) preferences.code = Number(parsed.code);
  if (typeof parsed.example === "string" && parsed.example !== "") preferences.exampleKey = parsed.example;
  return preferences.code === undefined && preferences.exampleKey === undefined ? undefined : preferences;
}
