/** `YYYY-MM-DD` from a birth date as `YYMMDD`, `YYYYMMDD` or `YYYY-MM-DD`; the century of `YYMMDD` from the gender digit. */
export function birthday(birth: string | undefined, genderDigit: number | undefined): string | null {
  const digits = birth?.replace(/-/g, "");
  if (!digits || !/^\d{6}(\d{2})?$/.test(digits)) return null;
  if (digits.length === 8) return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`;
  const century =
    genderDigit === 9 || genderDigit === 0 ? "18" : genderDigit !== undefined && [3, 4, 7, 8].includes(genderDigit) ? "20" : "19";
  return `${century}${digits.slice(0, 2)}-${digits.slice(2, 4)}-${digits.slice(4)}`;
}
