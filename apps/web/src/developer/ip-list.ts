/**
 * The IP allow-list as typed in a textarea: one entry per line (commas and spaces also separate).
 * The server validates each entry exactly (IP_ALLOW_LIST_INVALID); this catches typos before a round trip.
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-fA-F:.]{2,45}$/;

/** Splits the textarea into entries, trimmed, empty ones dropped, duplicates kept once. */
export function splitIpList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((s) => s.length > 0))];
}

/** Whether one entry looks like an IPv4/IPv6 address or CIDR (prefix ≤ 32 or ≤ 128). */
export function looksLikeIpOrCidr(entry: string): boolean {
  const [addr = '', prefix, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const v4 = IPV4.test(addr);
  const v6 = !v4 && addr.includes(':') && IPV6.test(addr) && !addr.includes(':::');
  if (!v4 && !v6) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (v4 ? 32 : 128);
}

/** The entries that do not look like an IP or CIDR. */
export function invalidIpEntries(text: string): string[] {
  return splitIpList(text).filter((e) => !looksLikeIpOrCidr(e));
}
