/**
 * A bounded memo of verdicts that are pure functions of their key: when it
 * is full, the oldest entry goes. Prism's security check and validator judge
 * a request by its method, path, query, headers and body alone, so a request
 * seen before gets the same verdict without judging it again.
 */
export class VerdictMemo<T> {
  readonly #entries = new Map<string, T>();
  readonly #capacity: number;
  readonly #maxKeyLength: number;

  /**
   * @param capacity most verdicts kept
   * @param maxKeyLength longest key remembered: a request with a huge URL or
   *   header is judged every time, so the memo stays within
   *   `capacity × maxKeyLength` characters however a client (or a fuzzer)
   *   varies its requests
   */
  constructor(capacity: number, maxKeyLength = 2_048) {
    this.#capacity = capacity;
    this.#maxKeyLength = maxKeyLength;
  }

  get(key: string): T | undefined {
    return this.#entries.get(key);
  }

  set(key: string, verdict: T): void {
    if (key.length > this.#maxKeyLength) return;
    if (this.#entries.size >= this.#capacity) this.#entries.delete(this.#entries.keys().next().value as string);
    this.#entries.set(key, verdict);
  }

  get size(): number {
    return this.#entries.size;
  }
}
