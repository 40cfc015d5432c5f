import { describe, expect, it } from 'vitest';
import { invalidIpEntries, looksLikeIpOrCidr, splitIpList } from './ip-list';

describe('IP allow-list textarea', () => {
  it('splits on lines, commas and spaces and drops blanks and repeats', () => {
    expect(splitIpList(' 10.0.0.1\n\n10.0.0.0/8, 2001:db8::/32 10.0.0.1 ')).toEqual([
      '10.0.0.1',
      '10.0.0.0/8',
      '2001:db8::/32',
    ]);
    expect(splitIpList('   ')).toEqual([]);
  });

  it('accepts IPv4, IPv6 and CIDRs with a prefix in range', () => {
    for (const ok of ['203.0.113.7', '0.0.0.0/0', '198.51.100.0/24', '::1', '2001:db8::/32', 'fe80::1/128'])
      expect(looksLikeIpOrCidr(ok), ok).toBe(true);
  });

  it('names the entries that are not addresses', () => {
    expect(invalidIpEntries('1.2.3.4\n256.1.1.1\n1.2.3.4/33\nexample.com\n::1/129\n1.2.3.4/8/9')).toEqual([
      '256.1.1.1',
      '1.2.3.4/33',
      'example.com',
      '::1/129',
      '1.2.3.4/8/9',
    ]);
  });
});
