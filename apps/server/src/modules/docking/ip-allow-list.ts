import { BlockList, isIP } from 'node:net';

/** One parsed allow-list entry: an address or a subnet. */
type Rule = { kind: 'address' | 'subnet'; address: string; prefix: number; type: 'ipv4' | 'ipv6' };

/** Parses one IP or CIDR entry; null when it is neither (or the prefix is out of range). */
function parseEntry(entry: string): Rule | null {
  const [address = '', prefixText, extra] = entry.trim().split('/');
  if (extra !== undefined) return null;
  const v = isIP(address);
  if (v === 0) return null;
  const type = v === 4 ? 'ipv4' : 'ipv6';
  const max = v === 4 ? 32 : 128;
  if (prefixText === undefined) return { kind: 'address', address, prefix: max, type };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > max) return null;
  return { kind: 'subnet', address, prefix, type };
}

/** The entries of an allow-list that are neither an IP nor a CIDR (IPv4 or IPv6); empty when all are valid. */
export function invalidAllowListEntries(entries: readonly string[]): string[] {
  return entries.filter((e) => parseEntry(e) === null);
}

/** Trims the entries and drops duplicates, keeping the order given. */
export function normalizeAllowList(entries: readonly string[]): string[] {
  return [...new Set(entries.map((e) => e.trim()))];
}

// A BlockList per distinct list: the cache is keyed by the list's content, so an edited list never
// reuses a stale matcher; bounded so a stream of distinct lists cannot grow it without limit.
const cache = new Map<string, BlockList>();
const CACHE_MAX = 1000;

function blockListOf(entries: readonly string[]): BlockList {
  const key = entries.join(',');
  let list = cache.get(key);
  if (list) return list;
  list = new BlockList();
  for (const e of entries) {
    const rule = parseEntry(e);
    if (!rule) continue; // validated on write; an unparsable entry can only fail to match
    if (rule.kind === 'address') list.addAddress(rule.address, rule.type);
    else list.addSubnet(rule.address, rule.prefix, rule.type);
  }
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, list);
  return list;
}

/**
 * Whether `ip` may use a credential with this allow-list (IPs and CIDRs, IPv4 and IPv6; empty: any).
 * An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, what a dual-stack socket reports) is matched as IPv4.
 */
export function ipAllowed(entries: readonly string[], ip: string | undefined): boolean {
  if (entries.length === 0) return true;
  if (!ip) return false;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  const address = mapped ? mapped[1]! : ip;
  const v = isIP(address);
  if (v === 0) return false;
  return blockListOf(entries).check(address, v === 4 ? 'ipv4' : 'ipv6');
}
