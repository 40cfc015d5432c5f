import { describe, expect, it } from 'vitest';
import type { ChannelConfig } from '../provider';
import { cashierActionFor, clientIp, epaySettings, truncateUtf8 } from './epay-config';

const channel = (settings: Record<string, unknown>): ChannelConfig => ({
  id: 'c',
  provider: 'epay',
  method: 'alipay',
  credentials: {},
  settings,
});

describe('易支付 settings', () => {
  it('defaults to V1, mapi, the channel method as type, and an apiurl ending in /', () => {
    expect(epaySettings(channel({ gatewayUrl: 'https://pay.example.com' }))).toEqual({
      gatewayUrl: 'https://pay.example.com/',
      version: 'v1',
      flow: 'mapi',
      type: 'alipay',
      timeoutMs: 10_000,
    });
  });

  it('keeps the directory of a pasted endpoint URL', () => {
    expect(
      epaySettings(channel({ gatewayUrl: 'https://pay.example.com/epay/submit.php?x=1' })).gatewayUrl,
    ).toBe('https://pay.example.com/epay/');
    expect(epaySettings(channel({ gatewayUrl: 'https://p.example/api/pay/create' })).gatewayUrl).toBe(
      'https://p.example/',
    );
  });

  it('refuses missing or unusable settings with a clear error', () => {
    expect(() => epaySettings(channel({}))).toThrow(/gatewayUrl/);
    expect(() => epaySettings(channel({ gatewayUrl: 'ftp://x/' }))).toThrow(/http/);
    expect(() => epaySettings(channel({ gatewayUrl: 'https://x/', version: 'v3' }))).toThrow(/version/);
    expect(() => epaySettings(channel({ gatewayUrl: 'https://x/', flow: 'page' }))).toThrow(/flow/);
    expect(() => epaySettings(channel({ gatewayUrl: 'https://x/', type: 'a&b' }))).toThrow(/type/);
  });
});

describe('易支付 name truncation', () => {
  it('cuts at 127 bytes on a character boundary', () => {
    const name = '会员'.repeat(40); // 240 bytes
    const cut = truncateUtf8(name);
    expect(Buffer.byteLength(cut)).toBe(126); // 42 characters of 3 bytes; a 43rd would make 129
    expect(name.startsWith(cut)).toBe(true);
    const emoji = 'a' + '😀'.repeat(40);
    const e = truncateUtf8(emoji);
    expect(Buffer.byteLength(e)).toBe(125);
    expect(e).not.toContain('\uFFFD');
    expect(Buffer.from(e).toString('utf8')).toBe(e);
    expect(truncateUtf8('short')).toBe('short');
  });
});

describe('易支付 answers → cashier actions', () => {
  it('qrcode → qr for desktop; payurl → redirect; urlscheme → redirect with scheme', () => {
    expect(cashierActionFor({ qrcode: 'weixin://x' }, 'pc')).toEqual({ type: 'qr', qr: 'weixin://x' });
    expect(cashierActionFor({ payurl: 'https://p/x' }, 'pc')).toEqual({
      type: 'redirect',
      url: 'https://p/x',
    });
    expect(cashierActionFor({ qrcode: 'q', payurl: 'https://p/x' }, 'mobile')).toEqual({
      type: 'redirect',
      url: 'https://p/x',
    });
    expect(cashierActionFor({ urlscheme: 'alipays://x' }, 'mobile')).toEqual({
      type: 'redirect',
      url: 'alipays://x',
      scheme: 'alipays://x',
    });
  });
  it('refuses empty answers and dangerous URLs', () => {
    expect(() => cashierActionFor({}, 'pc')).toThrow();
    expect(() => cashierActionFor({ payurl: 'javascript:alert(1)' }, 'pc')).toThrow();
    expect(() => cashierActionFor({ urlscheme: 'javascript:alert(1)' }, 'pc')).toThrow();
  });
  it('unwraps IPv4-mapped buyer IPs', () => {
    expect(clientIp('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientIp('')).toBe('127.0.0.1');
  });
});
