import { describe, expect, it } from 'vitest';
import { csvField, fenToYuan, statementCsvRow } from './statement-csv';

describe('statement CSV', () => {
  it('formats fen as yuan exactly', () => {
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(123456)).toBe('1234.56');
    expect(fenToYuan(-1234)).toBe('-12.34');
    expect(fenToYuan(9_007_199_254_740_991)).toBe('90071992547409.91');
  });
  it('quotes and defuses fields', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=cmd()')).toBe("'=cmd()");
  });
  it('signs outgoing amounts', () => {
    const row = statementCsvRow({
      transferId: 7,
      entryId: '00000000-0000-4000-8000-000000000000',
      kind: 'withdrawal.posted',
      memo: null,
      reference: { type: 'withdrawal', id: 'w1' },
      direction: 'out',
      amount: 1050,
      balanceAfter: 0,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(row).toBe(
      '2026-01-01T00:00:00.000Z,withdrawal.posted,out,-10.50,-1050,0.00,0,,withdrawal,w1,00000000-0000-4000-8000-000000000000,7',
    );
  });
});
