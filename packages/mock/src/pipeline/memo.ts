/**
 * A bounded memo of verdicts that are pure functions of their key: when it
 * is full, the oldest entry goes. Prism's security check and validator judge
 * a request by its method, path, query, headers and body alone, so a request
 * seen before gets the same verdict without judging it again.
 */
export class VerdictMemo<T> {
  readonly #entries = new Map<string, T>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: string): T | undefined {
    return this.#entries.get(key);
  }

  set(key: string, verdict: T): void {
    if (this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, verdict);
  }
}
