import { describe, expect, it } from 'vitest';
import { entryContentHash, type EntryContent } from './content-hash';

const content: EntryContent = {
  kind: 'order.paid',
  currency: 'CNY',
  reference: { type: 'order', id: 'o1' },
  reversesEntryId: null,
  transfers: [{ debit: 'platform_cash:c:CNY', credit: 'merchant_pending:m:CNY', amount: 100, code: null }],
};

describe('entryContentHash', () => {
  it('ignores key order and is hex SHA-256', () => {
    const reordered = JSON.parse(
      JSON.stringify({
        transfers: content.transfers,
        kind: 'order.paid',
        reversesEntryId: null,
        reference: { id: 'o1', type: 'order' },
        currency: 'CNY',
      }),
    ) as EntryContent;
    expect(entryContentHash(reordered)).toBe(entryContentHash(content));
    expect(entryContentHash(content)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with anything that moves money', () => {
    const h = entryContentHash(content);
    const t = content.transfers[0]!;
    expect(entryContentHash({ ...content, transfers: [{ ...t, amount: 101 }] })).not.toBe(h);
    expect(
      entryContentHash({ ...content, transfers: [{ ...t, credit: 'merchant_pending:m2:CNY' }] }),
    ).not.toBe(h);
    expect(entryContentHash({ ...content, currency: 'USD' })).not.toBe(h);
    expect(entryContentHash({ ...content, kind: 'order.refund' })).not.toBe(h);
    expect(entryContentHash({ ...content, reference: null })).not.toBe(h);
    expect(entryContentHash({ ...content, transfers: [t, t] })).not.toBe(h);
  });
});
