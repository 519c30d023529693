import { failure, type Reply, refuse } from "./envelope.js";

/**
 * Faults a test asks for through `POST /__mock/faults`: the next `times`
 * calls of one operation fail the way it says (a refusal in PortOne's
 * envelope with HTTP 200, an HTTP status, a delay, or a delay and either).
 */
export interface Fault {
  /** operationId (e.g. `getPaymentByImpUid`) or `METHOD /path/template`. */
  operation: string;
  status?: number;
  delayMs?: number;
  refusal?: { code: number; message: string };
  /** Calls left to spoil. */
  times: number;
}

/** What the server does with a call a fault applies to. */
export interface FaultEffect {
  delayMs: number;
  /** The answer instead of the operation's own; `undefined` answers normally after the delay. */
  answer?: Reply;
}

export class FaultTable {
  readonly #faults: Fault[] = [];

  get size(): number {
    return this.#faults.length;
  }

  add(fault: Fault): void {
    this.#faults.push(fault);
  }

  clear(): void {
    this.#faults.length = 0;
  }

  list(): readonly Fault[] {
    return this.#faults;
  }

  /**
   * Spends one use of the oldest fault set for this operation (known by any
   * of `names`: its route key, its operationId, those of the operation it is
   * an alias of) and says what to do, or `undefined`.
   */
  take(names: readonly string[]): FaultEffect | undefined {
    if (this.#faults.length === 0) return undefined;
    const index = this.#faults.findIndex((f) => names.includes(f.operation));
    if (index < 0) return undefined;
    const fault = this.#faults[index] as Fault;
    fault.times--;
    if (fault.times <= 0) this.#faults.splice(index, 1);
    const delayMs = fault.delayMs ?? 0;
    if (fault.refusal) return { delayMs, answer: refuse(fault.refusal.message, fault.refusal.code) };
    if (fault.status !== undefined) return { delayMs, answer: failure(fault.status, `Fault injected by the mock: HTTP ${fault.status}`) };
    return { delayMs };
  }
}
