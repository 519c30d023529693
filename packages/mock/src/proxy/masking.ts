import { listOperations, resolveRef, sensitiveFieldNames } from "@iamport-contract/spec/toolkit";
import { setOwn } from "../body.js";

/** What a masked value is replaced with in the drift report and the logs. */
export const MASK = "[masked]";

/** Fields masked whatever the spec says: credentials of every kind (the spec marks most of them too). */
const ALWAYS_SENSITIVE = ["access_token", "imp_secret", "imp_key", "authorization", "token", "password", "secret"];

/** Card-number-like digit runs (13 to 19 digits, optionally grouped by spaces or dashes). */
const CARD_LIKE = /\b\d(?:[ -]?\d){12,18}\b/g;
/** Most secret values remembered for scrubbing free text; the oldest are forgotten first. */
const MAX_REMEMBERED = 1_000;
/** Shorter values are not scrubbed from free text: they would mask ordinary words and numbers. */
const MIN_REMEMBERED_LENGTH = 4;

/**
 * Every field name the spec marks `x-sensitive` (schema properties, and
 * parameters whose schema carries the mark), found by walking the bundle.
 */
export function specSensitiveNames(doc: unknown): Set<string> {
  const names = new Set<string>(sensitiveFieldNames(doc));
  for (const operation of listOperations(doc)) {
    for (const parameter of operation.parameters) {
      const schema = resolveRef(doc, parameter?.schema);
      if (parameter?.["x-sensitive"] === true || schema?.["x-sensitive"] === true) names.add(parameter.name);
    }
  }
  return names;
}

/**
 * Keeps secrets out of everything the proxy stores or prints. Values under a
 * sensitive field name are replaced; secret values seen once (a token in an
 * Authorization header, a card number in a request) are remembered and
 * scrubbed from any later text, and so are card-number-like digit runs.
 */
export class Masker {
  readonly #names: Set<string>;
  readonly #remembered = new Set<string>();

  constructor(sensitiveNames: Iterable<string>) {
    this.#names = new Set([...sensitiveNames, ...ALWAYS_SENSITIVE].map((name) => name.toLowerCase()));
  }

  isSensitive(name: string): boolean {
    return this.#names.has(name.toLowerCase());
  }

  /** Remembers a secret so that `scrubText` removes it wherever it shows up later. */
  remember(secret: string): void {
    if (secret.length < MIN_REMEMBERED_LENGTH || this.#remembered.has(secret)) return;
    if (this.#remembered.size >= MAX_REMEMBERED) {
      const oldest = this.#remembered.values().next().value;
      if (oldest !== undefined) this.#remembered.delete(oldest);
    }
    this.#remembered.add(secret);
  }

  /** Remembers the secrets of a request or response: the Authorization token and every sensitive field's value. */
  learn(body: unknown, authorization?: string): void {
    if (authorization) {
      this.remember(authorization);
      const token = /^\s*\S+\s+(\S+)\s*$/.exec(authorization)?.[1];
      if (token) this.remember(token);
    }
    this.#walk(body, (name, value) => {
      if (this.isSensitive(name) && (typeof value === "string" || typeof value === "number")) this.remember(String(value));
    });
  }

  /** A copy of `value` with sensitive fields masked and secrets scrubbed from every string. */
  mask(value: unknown, fieldName?: string): unknown {
    if (fieldName !== undefined && this.isSensitive(fieldName) && value !== null && value !== undefined) return MASK;
    if (typeof value === "string") return this.scrubText(value);
    if (Array.isArray(value)) return value.map((item) => this.mask(item));
    if (typeof value === "object" && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) setOwn(out, key, this.mask(item, key));
      return out;
    }
    return value;
  }

  /** `text` without any remembered secret and without card-number-like digit runs. */
  scrubText(text: string): string {
    let out = text;
    for (const secret of this.#remembered) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out.replace(CARD_LIKE, MASK);
  }

  #walk(value: unknown, visit: (name: string, value: unknown) => void): void {
    if (Array.isArray(value)) {
      for (const item of value) this.#walk(item, visit);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        visit(key, item);
        this.#walk(item, visit);
      }
    }
  }
}
