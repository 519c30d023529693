/**
 * The drift report: every way real traffic disagreed with the spec, counted
 * once per (operation, direction, kind, schema path, location), with when it
 * was first and last seen. Values in it are masked before they get here.
 */

export type DriftDirection = "request" | "response";

export type DriftKind =
  /** A field the spec does not document. */
  | "undocumented-field"
  /** A value of another type than documented (e.g. `null` where the spec says string). */
  | "wrong-type"
  /** A required field missing. */
  | "missing-field"
  /** Any other schema keyword failing (enum, format, pattern, oneOf, …). */
  | "schema-mismatch"
  /** A status code the operation does not document. */
  | "undocumented-status"
  /** A body that is not JSON where the spec documents JSON. */
  | "not-json"
  /** A body larger than the proxy validates; passed through unchecked. */
  | "too-large-to-validate"
  /** A request path and method the spec does not know. */
  | "unknown-operation";

/** One mismatch found in one exchange, before it is counted. */
export interface Mismatch {
  direction: DriftDirection;
  kind: DriftKind;
  /** JSON pointer into the spec (e.g. `#/components/schemas/Payment/properties/buyer_name/type`), or `""` when the spec has no schema to point at. */
  schemaPath: string;
  /** Where in the message: a JSON pointer into the body (`/response/buyer_name`), or `status`, `query.x`, … */
  location: string;
  /** What the spec expects, in words. */
  expected: string;
  /** What came instead, masked. */
  seen: unknown;
}

export interface DriftRecord extends Mismatch {
  /** `METHOD template` of the operation, or `METHOD path` for an unknown one. */
  operation: string;
  count: number;
  /** ISO 8601 times. */
  firstSeen: string;
  lastSeen: string;
}

export interface DriftReportJson {
  /** When the proxy started collecting. */
  since: string;
  /** Exchanges forwarded, and how many of them had at least one mismatch. */
  exchanges: number;
  exchangesWithDrift: number;
  drift: DriftRecord[];
}

/** Distinct records kept; beyond that, new kinds are counted in `exchangesWithDrift` only. */
const MAX_RECORDS = 10_000;

export class DriftReport {
  readonly #records = new Map<string, DriftRecord>();
  readonly #since: string;
  readonly #now: () => Date;
  #exchanges = 0;
  #exchangesWithDrift = 0;

  constructor(now: () => Date = () => new Date()) {
    this.#now = now;
    this.#since = now().toISOString();
  }

  /** Counts one forwarded exchange and the mismatches found in it. */
  add(operation: string, mismatches: readonly Mismatch[]): void {
    this.#exchanges++;
    if (mismatches.length === 0) return;
    this.#exchangesWithDrift++;
    const at = this.#now().toISOString();
    for (const mismatch of mismatches) {
      const key = [operation, mismatch.direction, mismatch.kind, mismatch.schemaPath, mismatch.location].join("\u0000");
      const record = this.#records.get(key);
      if (record) {
        record.count++;
        record.lastSeen = at;
        record.seen = mismatch.seen;
      } else if (this.#records.size < MAX_RECORDS) {
        this.#records.set(key, { operation, ...mismatch, count: 1, firstSeen: at, lastSeen: at });
      }
    }
  }

  toJSON(): DriftReportJson {
    return {
      since: this.#since,
      exchanges: this.#exchanges,
      exchangesWithDrift: this.#exchangesWithDrift,
      drift: [...this.#records.values()].map((record) => ({ ...record })),
    };
  }
}

/** The report as a plain-text table for a terminal: one line per record, most frequent first. */
export function formatDriftTable(report: DriftReportJson): string {
  const header = `Drift: ${report.drift.length} kind(s) in ${report.exchangesWithDrift} of ${report.exchanges} exchange(s) since ${report.since}`;
  if (report.drift.length === 0) return `${header}\nNo drift: every exchange matched the spec.`;
  const rows = [...report.drift]
    .sort((a, b) => b.count - a.count)
    .map((r) => [String(r.count), r.operation, r.direction, r.kind, r.location, r.expected]);
  const titles = ["count", "operation", "dir", "kind", "location", "expected"];
  const widths = titles.map((title, column) => Math.min(60, Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length))));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return cell.length > width ? `${cell.slice(0, width - 1)}…` : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  return [header, line(titles), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
