import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../lib/app-error';
import { bpsOf, splitOrderAmount } from './fees';

describe('splitOrderAmount', () => {
  it('rounds each fee half up to the fen on its own', () => {
    // 0.6% of 9.99 = 5.994 fen → 6; commission 5% of 999 = 49.95 → 50.
    expect(
      splitOrderAmount({
        amount: 999,
        channelFee: { rateBps: 60, fixed: 0, bearer: 'merchant' },
        commissionBps: 500,
      }),
    ).toEqual({ channelFee: 6, commission: 50, merchantNet: 943, platformRevenue: 56 });
    // 0.6% of 1.25 = 0.75 → 1 (half up at .5: 0.6% of 2.50 = 1.5 → 2).
    expect(bpsOf(125, 60)).toBe(1);
    expect(bpsOf(250, 60)).toBe(2);
    expect(bpsOf(249, 60)).toBe(1);
  });

  it('leaves a platform-borne channel fee out of the merchant net', () => {
    expect(
      splitOrderAmount({
        amount: 10000,
        channelFee: { rateBps: 38, fixed: 10, bearer: 'platform' },
        commissionBps: 300,
      }),
    ).toEqual({ channelFee: 48, commission: 300, merchantNet: 9700, platformRevenue: 300 });
  });

  it('charges the channel fee only on the part paid through the channel, the commission on the whole', () => {
    const channelFee = { rateBps: 60, fixed: 10, bearer: 'merchant' as const };
    // ¥10.00 with ¥6.00 from a balance: fee 0.6 % of 400 = 2.4 → 2, + 10 fixed = 12; commission 5 % of 1000 = 50.
    expect(splitOrderAmount({ amount: 1000, channelFee, commissionBps: 500, channelAmount: 400 })).toEqual({
      channelFee: 12,
      commission: 50,
      merchantNet: 938,
      platformRevenue: 62,
    });
    // Wholly from a balance: no channel fee at all (not even the fixed part).
    expect(splitOrderAmount({ amount: 1000, channelFee, commissionBps: 500, channelAmount: 0 })).toEqual({
      channelFee: 0,
      commission: 50,
      merchantNet: 950,
      platformRevenue: 50,
    });
    for (const channelAmount of [-1, 1001, 1.5]) {
      expect(() => splitOrderAmount({ amount: 1000, channelFee, commissionBps: 0, channelAmount })).toThrow(
        expect.objectContaining({ code: 'LEDGER_INVALID_AMOUNT' }),
      );
    }
  });

  it('refuses bad amounts, bad rates and a negative merchant net', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return isAppError(err) ? err.code : 'other';
      }
      return 'none';
    };
    const fee = { rateBps: 0, fixed: 0, bearer: 'merchant' as const };
    expect(code(() => splitOrderAmount({ amount: -1, channelFee: fee, commissionBps: 0 }))).toBe(
      'LEDGER_INVALID_AMOUNT',
    );
    expect(code(() => splitOrderAmount({ amount: 1.5, channelFee: fee, commissionBps: 0 }))).toBe(
      'LEDGER_INVALID_AMOUNT',
    );
    expect(code(() => splitOrderAmount({ amount: 0, channelFee: fee, commissionBps: 0 }))).toBe(
      'LEDGER_INVALID_AMOUNT',
    );
    expect(code(() => splitOrderAmount({ amount: 100, channelFee: fee, commissionBps: 10001 }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(
      code(() => splitOrderAmount({ amount: 100, channelFee: { ...fee, fixed: -1 }, commissionBps: 0 })),
    ).toBe('VALIDATION_FAILED');
    expect(
      code(() => splitOrderAmount({ amount: 100, channelFee: { ...fee, fixed: 60 }, commissionBps: 5000 })),
    ).toBe('LEDGER_INVALID_AMOUNT');
  });

  it('never loses or invents a fen (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 1_000 }),
        fc.constantFrom('merchant' as const, 'platform' as const),
        fc.integer({ min: 0, max: 10_000 }),
        (amount, rateBps, fixed, bearer, commissionBps) => {
          let s;
          try {
            s = splitOrderAmount({ amount, channelFee: { rateBps, fixed, bearer }, commissionBps });
          } catch (err) {
            // Only a negative merchant net may be refused.
            expect(isAppError(err, 'LEDGER_INVALID_AMOUNT')).toBe(true);
            return;
          }
          const merchantFee = bearer === 'merchant' ? s.channelFee : 0;
          expect(s.merchantNet + s.commission + merchantFee).toBe(amount);
          expect(s.merchantNet + s.platformRevenue).toBe(amount);
          expect(s.merchantNet).toBeGreaterThanOrEqual(0);
          for (const v of Object.values(s)) expect(Number.isSafeInteger(v)).toBe(true);
          // Half up: the rounded fee is within half a fen of the exact one.
          expect(Math.abs(s.commission - (amount * commissionBps) / 10_000)).toBeLessThanOrEqual(
            0.5 + 1e-6 * amount,
          );
        },
      ),
      { seed: 20240601, numRuns: 2000 },
    );
  });
});
