/**
 * A Map that holds at most `capacity` entries: inserting a new key when full
 * evicts the oldest entry (insertion order; updating a key keeps its place).
 * This is what keeps a long-running mock's memory flat.
 */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, V>();
  readonly #capacity: number;
  readonly #onEvict: ((key: K, value: V) => void) | undefined;
  #evicted = 0;

  constructor(capacity: number, onEvict?: (key: K, value: V) => void) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.#capacity = capacity;
    this.#onEvict = onEvict;
  }

  get size(): number {
    return this.#map.size;
  }

  /** How many entries were evicted since the last `clear()`. */
  get evicted(): number {
    return this.#evicted;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  set(key: K, value: V): void {
    if (!this.#map.has(key) && this.#map.size >= this.#capacity) {
      const oldest = this.#map.entries().next().value as [K, V];
      this.#map.delete(oldest[0]);
      this.#evicted++;
      this.#onEvict?.(oldest[0], oldest[1]);
    }
    this.#map.set(key, value);
  }

  delete(key: K): boolean {
    return this.#map.delete(key);
  }

  values(): IterableIterator<V> {
    return this.#map.values();
  }

  clear(): void {
    this.#map.clear();
    this.#evicted = 0;
  }
}

/** The mock's clock: real time plus an offset that the control API can move. UNIX seconds. */
export class MockClock {
  #offsetMs = 0;

  nowMs(): number {
    return Date.now() + this.#offsetMs;
  }

  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  get offsetSeconds(): number {
    return Math.round(this.#offsetMs / 1000);
  }

  advance(seconds: number): void {
    this.#offsetMs += seconds * 1000;
  }

  /** Sets the clock to `unixSeconds`; it keeps ticking from there. */
  set(unixSeconds: number): void {
    this.#offsetMs = unixSeconds * 1000 - Date.now();
  }

  reset(): void {
    this.#offsetMs = 0;
  }
}
