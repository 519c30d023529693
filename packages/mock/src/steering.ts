import { resolveRef } from "@iamport-contract/spec/toolkit";
import type { Preferences } from "./prefer.js";

type Json = Record<string, unknown>;

interface Response {
  content?: Record<string, { examples?: Record<string, unknown> }>;
}

/**
 * Checks a `Prefer` header against the operation's documented answers before
 * Prism's mocker sees it. Prism answers an unknown status or example name
 * with a 404, which a test of 404 handling would take for the real thing;
 * here it is a 400 that names what the operation does document.
 */
export class PreferenceCheck {
  readonly #doc: Json;
  readonly #problems = new Map<string, string | null>();

  constructor(doc: Json) {
    this.#doc = doc;
  }

  /** Why `preferences` cannot be met by `method template`, or `undefined` when they can. */
  problem(method: string, template: string, preferences: Preferences): string | undefined {
    const key = `${method} ${template}\n${preferences.code ?? ""}\n${preferences.exampleKey ?? ""}`;
    let problem = this.#problems.get(key);
    if (problem === undefined) {
      problem = this.#find(method, template, preferences) ?? null;
      if (this.#problems.size < 4_096 && key.length <= 2_048) this.#problems.set(key, problem);
    }
    return problem ?? undefined;
  }

  #find(method: string, template: string, { code, exampleKey }: Preferences): string | undefined {
    const paths = this.#doc.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>> | undefined;
    const responses = paths?.[template]?.[method.toLowerCase()]?.responses ?? {};
    const statuses = Object.keys(responses);
    const operation = `${method.toUpperCase()} ${template}`;
    if (code !== undefined && !statuses.includes(String(code))) {
      return `Prefer: code=${code}: ${operation} documents no ${code} answer; it documents ${statuses.join(", ")}`;
    }
    if (exampleKey === undefined) return undefined;
    // Without a code Prism picks among the success answers; with one, that answer.
    const candidates = code !== undefined ? [String(code)] : statuses.filter((status) => status.startsWith("2"));
    const names = new Set<string>();
    for (const status of candidates) {
      const response = resolveRef(this.#doc, responses[status]) as Response | undefined;
      for (const media of Object.values(response?.content ?? {})) for (const name of Object.keys(media.examples ?? {})) names.add(name);
    }
    if (names.has(exampleKey)) return undefined;
    const answer = code !== undefined ? `the ${code} answer of ${operation}` : `${operation}'s success answer`;
    return names.size === 0
      ? `Prefer: example=${exampleKey}: ${answer} has no named examples`
      : `Prefer: example=${exampleKey}: ${answer} has no example of that name; its examples: ${[...names].join(", ")}`;
  }
}
