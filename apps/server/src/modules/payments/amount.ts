/**
 * Parses a provider's decimal amount string ("10", "10.5", "10.00") into integer fen, exactly:
 * no floats, at most two decimals, no sign, no exponent. Null when the string is not such an amount.
 */
export function parseYuan(value: string): number | null {
  const m = /^(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/.exec(value);
  if (!m) return null;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Formats integer fen as the yuan decimal string gateways expect ("10.00"). */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new Error('amount must be a non-negative integer of fen');
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
