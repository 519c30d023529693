/** Largest amount and timestamp the spec's responses allow: 2^53 − 1, and the last second of year 9999. */
export const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;
export const MAX_TIMESTAMP = 253_402_300_799;

/**
 * Why a request's amounts or times cannot be kept: the wire accepts them as
 * digit strings of any length, but an answer must stay within the bounds
 * its schema documents.
 */
export function outOfRange(amounts: Array<number | undefined>, timestamps: Array<number | undefined> = []): string | undefined {
  const amount = amounts.find((a) => a !== undefined && a > MAX_AMOUNT);
  if (amount !== undefined) return `금액(${amount})이 허용 범위(최대 ${MAX_AMOUNT})를 벗어났습니다.`;
  const time = timestamps.find((t) => t !== undefined && t > MAX_TIMESTAMP);
  if (time !== undefined) return `시각(${time})이 허용 범위(최대 ${MAX_TIMESTAMP})를 벗어났습니다.`;
  return undefined;
}
