/**
 * Rates in the UI: basis points (1 bp = 0.01 %) in the API, a percentage with at most two decimals on
 * screen. Like money, conversions go through strings and integers, never floating-point arithmetic.
 */

const PERCENT_PATTERN = /^(\d{1,3})(?:\.(\d{0,2}))?$/;

/** '0.6' → 60; '1' → 100; '100' → 10000. Null unless a percentage from 0 to 100 with ≤ 2 decimals. */
export function percentToBps(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  const m = PERCENT_PATTERN.exec(String(input).trim().replace(/%$/, ''));
  if (!m) return null;
  const bps = Number(m[1] ?? '0') * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bps <= 10_000 ? bps : null;
}

/** 60 → '0.60'; 10000 → '100.00'. */
export function bpsToPercent(bps: number): string {
  const abs = Math.abs(Math.trunc(bps));
  return (bps < 0 ? '-' : '') + String(Math.floor(abs / 100)) + '.' + String(abs % 100).padStart(2, '0');
}

/** 60 → '0.60%'. */
export function formatBps(bps: number): string {
  return bpsToPercent(bps) + '%';
}
