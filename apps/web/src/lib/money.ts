/**
 * Money in the UI: prices are integer fen (分) in the API and yuan (元) with two decimals on screen.
 * Conversions go through strings and integers only, never floating-point arithmetic.
 */

const YUAN_PATTERN = /^(\d{1,12})(?:\.(\d{0,2}))?$/;

/** '12.34' → 1234; '12' → 1200; '0.5' → 50. Null when not a non-negative amount with at most 2 decimals. */
export function yuanToFen(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  const text = String(input).trim().replace(/^¥/, '');
  const m = YUAN_PATTERN.exec(text);
  if (!m) return null;
  const whole = m[1] ?? '0';
  const frac = (m[2] ?? '').padEnd(2, '0');
  return Number(whole) * 100 + Number(frac);
}

/** 1234 → '12.34'; 5 → '0.05'; -150 → '-1.50'. */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const cents = String(abs % 100).padStart(2, '0');
  return sign + String(Math.floor(abs / 100)) + '.' + cents;
}

/** 1234 → '¥12.34'; -150 → '-¥1.50' (the sign before the currency symbol). */
export function formatFen(fen: number): string {
  return fen < 0 ? '-¥' + fenToYuan(-fen) : '¥' + fenToYuan(fen);
}
