import { describe, expect, it } from 'vitest';
import { sandboxSign, sandboxSignString, sandboxVerify } from './sign';

describe('sandbox signing', () => {
  const p = { out_trade_no: 'K1', mch_id: 'M1', amount: '10.00', empty: '', sign_type: 'HMAC-SHA256' };
  it('signs sorted non-empty fields, without sign and sign_type', () => {
    expect(sandboxSignString({ ...p, sign: 'x' })).toBe('amount=10.00&mch_id=M1&out_trade_no=K1');
  });
  it('verifies its own signature and nothing else', () => {
    const sign = sandboxSign(p, 'k');
    expect(sign).toMatch(/^[0-9a-f]{64}$/);
    expect(sandboxVerify({ ...p, sign }, 'k')).toBe(true);
    expect(sandboxVerify({ ...p, sign: sign.toUpperCase() }, 'k')).toBe(true);
    expect(sandboxVerify({ ...p, sign }, 'k2')).toBe(false);
    expect(sandboxVerify({ ...p, amount: '10.01', sign }, 'k')).toBe(false);
    expect(sandboxVerify({ ...p, sign: '' }, 'k')).toBe(false);
    expect(sandboxVerify(p, 'k')).toBe(false);
  });
  it('never signs or verifies with an empty key', () => {
    expect(() => sandboxSign(p, '')).toThrow();
    expect(sandboxVerify({ ...p, sign: 'anything' }, '')).toBe(false);
  });
});
