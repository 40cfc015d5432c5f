import { describe, expect, it } from 'vitest';
import { invalidAllowListEntries, ipAllowed, normalizeAllowList } from './ip-allow-list';

describe('IP allow-list', () => {
  it('accepts IPv4 and IPv6 addresses and CIDRs, names the rest', () => {
    const good = [
      '127.0.0.1',
      '10.0.0.0/8',
      '0.0.0.0/0',
      '::1',
      '2001:db8::/32',
      'fe80::/10',
      '192.168.1.7/32',
    ];
    expect(invalidAllowListEntries(good)).toEqual([]);
    const bad = [
      '10.0.0.0/33',
      '::/129',
      '1.2.3',
      'example.com',
      '10.0.0.0/8/8',
      '10.0.0.0/',
      '10.0.0.0/-1',
      '256.1.1.1',
      '',
    ];
    expect(invalidAllowListEntries([...good, ...bad])).toEqual(bad);
  });

  it('trims and de-duplicates', () => {
    expect(normalizeAllowList([' 10.0.0.1 ', '10.0.0.1', '::1'])).toEqual(['10.0.0.1', '::1']);
  });

  it('matches subnets at their edges, IPv4 and IPv6', () => {
    const list = ['10.1.0.0/16', '2001:db8::/32'];
    expect(ipAllowed(list, '10.1.0.0')).toBe(true);
    expect(ipAllowed(list, '10.1.255.255')).toBe(true);
    expect(ipAllowed(list, '10.2.0.0')).toBe(false);
    expect(ipAllowed(list, '10.0.255.255')).toBe(false);
    expect(ipAllowed(list, '2001:db8:ffff::1')).toBe(true);
    expect(ipAllowed(list, '2001:db9::1')).toBe(false);
  });

  it('matches a single address exactly', () => {
    expect(ipAllowed(['127.0.0.1'], '127.0.0.1')).toBe(true);
    expect(ipAllowed(['127.0.0.1'], '127.0.0.2')).toBe(false);
    expect(ipAllowed(['::1'], '::1')).toBe(true);
    expect(ipAllowed(['::1'], '127.0.0.1')).toBe(false);
  });

  it('treats an IPv4-mapped IPv6 client as IPv4', () => {
    expect(ipAllowed(['127.0.0.0/8'], '::ffff:127.0.0.1')).toBe(true);
    expect(ipAllowed(['10.0.0.0/8'], '::ffff:127.0.0.1')).toBe(false);
  });

  it('allows anyone with an empty list and nobody without an address otherwise', () => {
    expect(ipAllowed([], undefined)).toBe(true);
    expect(ipAllowed(['0.0.0.0/0'], undefined)).toBe(false);
    expect(ipAllowed(['0.0.0.0/0'], 'not-an-ip')).toBe(false);
    expect(ipAllowed(['0.0.0.0/0'], '203.0.113.9')).toBe(true);
  });

  it('uses the edited list, not a stale matcher', () => {
    expect(ipAllowed(['10.0.0.0/8'], '10.9.9.9')).toBe(true);
    expect(ipAllowed(['11.0.0.0/8'], '10.9.9.9')).toBe(false);
  });
});
