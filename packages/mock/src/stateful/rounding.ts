/**
 * Rounds to cents. Whole amounts, and amounts too large to scale exactly,
 * stay as they are: scaling them could lose digits or reach Infinity (JSON null).
 */
export function roundToCents(n: number): number {
  if (Number.isInteger(n)) return n;
  const scaled = Math.round(n * 100);
  return Number.isSafeInteger(scaled) ? scaled / 100 : n;
}
