import type { StatementLine } from '@kameng/shared';

/** Fen as yuan with two decimals, exact (no floating point): -1234 → "-12.34". */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A CSV field: quoted when needed; a leading = + - @ is defused so spreadsheets do not run it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const statementCsvHeader =
  'created_at,kind,direction,amount_yuan,amount_fen,balance_after_yuan,balance_after_fen,memo,reference_type,reference_id,entry_id,transfer_id';

/** One statement line as a CSV row; amounts are signed (out is negative), in yuan and in fen. */
export function statementCsvRow(l: StatementLine): string {
  const signed = l.direction === 'in' ? l.amount : -l.amount;
  return [
    l.createdAt,
    csvField(l.kind),
    l.direction,
    fenToYuan(signed),
    String(signed),
    l.balanceAfter === null ? '' : fenToYuan(l.balanceAfter),
    l.balanceAfter === null ? '' : String(l.balanceAfter),
    csvField(l.memo ?? ''),
    csvField(l.reference?.type ?? ''),
    csvField(l.reference?.id ?? ''),
    l.entryId,
    String(l.transferId),
  ].join(',');
}
