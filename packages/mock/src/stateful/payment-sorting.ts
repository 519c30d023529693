import type { Payment } from "./records.js";
import type { StoredPayment } from "./state.js";

/** Payments in the order `sorting` asks (`-started` unless given); ties keep the order they came in. */
export function sortPayments(items: StoredPayment[], sorting: string | undefined): Payment[] {
  const key = (sorting ?? "-started").replace(/^-/, "");
  const descending = (sorting ?? "-started").startsWith("-");
  const value = (p: Payment) =>
    key === "paid" ? p.paid_at : key === "updated" ? Math.max(p.started_at, p.paid_at, p.failed_at, p.cancelled_at) : p.started_at;
  const indexed = items.map((s, i) => ({ p: s.payment, i }));
  indexed.sort((a, b) => (value(a.p) - value(b.p) || a.i - b.i) * (descending ? -1 : 1));
  return indexed.map((x) => x.p);
}
