import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { epusdtSign, epusdtSignString, epusdtVerify, goFormatFloat } from './epusdt-sign';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const TOKEN = 'epusdt-api-token-0123456789';

describe('goFormatFloat (strconv.FormatFloat(v, "f", -1, 64))', () => {
  it('writes the shortest decimal, never trailing zeros or exponents', () => {
    expect(goFormatFloat(100)).toBe('100');
    expect(goFormatFloat(15.625)).toBe('15.625');
    expect(goFormatFloat(0.1)).toBe('0.1');
    expect(goFormatFloat(12.34)).toBe('12.34');
    expect(goFormatFloat(Number('100.00'))).toBe('100');
    expect(goFormatFloat(1e21)).toBe('1000000000000000000000');
    expect(goFormatFloat(1.5e22)).toBe('15000000000000000000000');
    expect(goFormatFloat(1e-7)).toBe('0.0000001');
    expect(goFormatFloat(-2.5e-7)).toBe('-0.00000025');
    expect(goFormatFloat(2)).toBe('2');
    expect(() => goFormatFloat(Number.NaN)).toThrow();
  });
});

describe('epusdt signature', () => {
  const doc = {
    order_id: '20220201030210321',
    amount: 42,
    notify_url: 'http://example.com/notify',
    redirect_url: 'http://example.com/redirect',
  };

  it('matches the API doc example', () => {
    const str =
      'amount=42&notify_url=http://example.com/notify&order_id=20220201030210321&redirect_url=http://example.com/redirect';
    expect(epusdtSignString(doc, true)).toBe(str);
    expect(epusdtSign(doc, TOKEN)).toBe(md5(str + TOKEN));
    expect(epusdtSign({ ...doc, signature: 'ignored' }, TOKEN)).toBe(md5(str + TOKEN));
  });

  it('signs numbers in Go form (100 not 100.00, 15.625, 0.1)', () => {
    expect(epusdtSignString({ amount: 100, b: 15.625, c: 0.1 }, true)).toBe('amount=100&b=15.625&c=0.1');
  });

  it('keeps empty strings the Go way and skips them the documented way; null is always skipped', () => {
    const p = { trade_id: 'T1', block_transaction_id: '', status: 2, x: null };
    expect(epusdtSignString(p, true)).toBe('block_transaction_id=&status=2&trade_id=T1');
    expect(epusdtSignString(p, false)).toBe('status=2&trade_id=T1');
  });

  it('verifies both readings of the empty-value rule, and nothing else', () => {
    const p = { trade_id: 'T1', order_id: 'K1', amount: 12.34, block_transaction_id: '', status: 2 };
    expect(epusdtVerify(p, epusdtSign(p, TOKEN, true), TOKEN)).toBe(true);
    expect(epusdtVerify(p, epusdtSign(p, TOKEN, false), TOKEN)).toBe(true);
    expect(epusdtVerify({ ...p, amount: 12.35 }, epusdtSign(p, TOKEN), TOKEN)).toBe(false);
    expect(epusdtVerify(p, epusdtSign(p, 'other'), TOKEN)).toBe(false);
    expect(epusdtVerify(p, epusdtSign(p, TOKEN).toUpperCase(), TOKEN)).toBe(false);
  });

  it('never verifies with an empty token', () => {
    const p = { trade_id: 'T1', status: 2 };
    expect(epusdtVerify(p, epusdtSign(p, ''), '')).toBe(false);
  });
});
