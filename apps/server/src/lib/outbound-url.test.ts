import { describe, expect, it } from 'vitest';
import {
  assertLiteralAllowed,
  classifyAddress,
  guardedLookup,
  isAddressAllowed,
  parseOutboundUrl,
} from './outbound-url';

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['100.63.255.255', 'public'],
    ['172.32.0.1', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:82b::200e', 'public'],
    ['::ffff:8.8.8.8', 'public'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.254', 'private'],
    ['127.0.0.1', 'private'],
    ['127.255.255.254', 'private'],
    ['::1', 'private'],
    ['0:0:0:0:0:0:0:1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['::ffff:127.0.0.1', 'private'],
    ['::ffff:7f00:1', 'private'],
    ['::ffff:10.1.2.3', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['169.254.169.254', 'forbidden'],
    ['::ffff:169.254.169.254', 'forbidden'],
    ['fe80::1', 'forbidden'],
    ['fe80::1%eth0', 'forbidden'],
    ['0.0.0.0', 'forbidden'],
    ['::', 'forbidden'],
    ['224.0.0.1', 'forbidden'],
    ['255.255.255.255', 'forbidden'],
    ['ff02::1', 'forbidden'],
    ['2001:db8::1', 'forbidden'],
    ['2002:7f00:1::1', 'forbidden'],
    ['192.0.2.10', 'forbidden'],
    ['not-an-ip', 'forbidden'],
  ])('%s is %s', (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });

  it('allows private addresses only with the platform allowance, forbidden ones never', () => {
    expect(isAddressAllowed('127.0.0.1', false)).toBe(false);
    expect(isAddressAllowed('127.0.0.1', true)).toBe(true);
    expect(isAddressAllowed('169.254.169.254', true)).toBe(false);
    expect(isAddressAllowed('93.184.215.14', false)).toBe(true);
  });
});

describe('parseOutboundUrl', () => {
  it.each([
    ['ftp://example.com/x', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['https://user:pw@example.com/hook', 'credentials'],
    ['not a url', 'invalid_url'],
  ])('refuses %s (%s)', (raw, reason) => {
    expect(() => parseOutboundUrl(raw)).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_URL_FORBIDDEN', details: { reason } }),
    );
  });

  it('refuses an IPv6 loopback literal in brackets at connect time', () => {
    expect(() => assertLiteralAllowed(new URL('http://[::1]:8080/'), false)).toThrow(/non-public/);
    expect(() => assertLiteralAllowed(new URL('http://[::ffff:127.0.0.1]/'), false)).toThrow(/non-public/);
    expect(() => assertLiteralAllowed(new URL('http://127.1/'), false)).toThrow(/non-public/);
    expect(() => assertLiteralAllowed(new URL('http://2130706433/'), false)).toThrow(/non-public/);
    expect(() => assertLiteralAllowed(new URL('http://[::1]/'), true)).not.toThrow();
  });
});

describe('guardedLookup', () => {
  const run = (allowPrivate: boolean, host: string) =>
    new Promise<{ err: Error | null; address: string }>((resolve) => {
      guardedLookup(allowPrivate)(host, { family: 4 }, (err, address) =>
        resolve({ err, address: String(address) }),
      );
    });

  it('refuses a name that resolves to loopback at connect time, unless private targets are allowed', async () => {
    const refused = await run(false, 'localhost');
    expect(refused.err?.message).toMatch(/non-public/);
    const allowed = await run(true, 'localhost');
    expect(allowed.err).toBeNull();
    expect(allowed.address).toBe('127.0.0.1');
  });
});
