import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { getWebhookSettings } from '../modules/settings/webhook-settings';
import { AppError } from './app-error';
import type { Ctx } from './ctx';

/**
 * The SSRF guard for every URL the server calls on a user's behalf (webhook endpoints, per-order
 * callback URLs). A URL is checked when it is saved (`checkOutboundUrl`) and again when the
 * connection is made (`guardedLookup`): the address connected to is the one that was checked, so a
 * DNS answer that changes between the two (DNS rebinding) cannot reach an internal address.
 */

/** How an address is classed: `public` is always allowed; `private` only with the platform's allowance. */
export type AddressClass = 'public' | 'private' | 'forbidden';

type V4Range = [base: number, bits: number, cls: Exclude<AddressClass, 'public'>];

const v4 = (s: string): number => s.split('.').reduce((n, o) => n * 256 + Number(o), 0);

/**
 * IPv4 ranges that are not public. `private` ranges are a self-hosted operator's own network (a LAN
 * receiver, a test receiver on 127.0.0.1): allowed when the platform setting says so. Link-local is
 * `forbidden` even then: 169.254.169.254 is the cloud metadata service, never a legitimate receiver.
 */
const V4_RANGES: V4Range[] = [
  [v4('0.0.0.0'), 8, 'forbidden'], // "this network", unspecified
  [v4('10.0.0.0'), 8, 'private'],
  [v4('100.64.0.0'), 10, 'private'], // CGNAT
  [v4('127.0.0.0'), 8, 'private'], // loopback
  [v4('169.254.0.0'), 16, 'forbidden'], // link-local, cloud metadata
  [v4('172.16.0.0'), 12, 'private'],
  [v4('192.0.0.0'), 24, 'forbidden'], // IETF protocol assignments
  [v4('192.0.2.0'), 24, 'forbidden'], // TEST-NET-1
  [v4('192.88.99.0'), 24, 'forbidden'], // 6to4 relay anycast
  [v4('192.168.0.0'), 16, 'private'],
  [v4('198.18.0.0'), 15, 'private'], // benchmarking
  [v4('198.51.100.0'), 24, 'forbidden'], // TEST-NET-2
  [v4('203.0.113.0'), 24, 'forbidden'], // TEST-NET-3
  [v4('224.0.0.0'), 4, 'forbidden'], // multicast
  [v4('240.0.0.0'), 4, 'forbidden'], // reserved, broadcast
];

function classifyV4(n: number): AddressClass {
  for (const [base, bits, cls] of V4_RANGES) {
    const size = 2 ** (32 - bits);
    if (n >= base && n < base + size) return cls;
  }
  return 'public';
}

/** Parses an IPv6 literal (with an optional `%zone` and an embedded dotted IPv4 tail) into 8 groups. */
function parseV6(raw: string): number[] | null {
  let s = raw.replace(/%.*$/, '').toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (tail) {
    if (isIP(tail[1]!) !== 4) return null;
    const n = v4(tail[1]!);
    s = s.slice(0, -tail[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => parseInt(g, 16));
}

function classifyV6(g: number[]): AddressClass {
  const embeddedV4 = (hi: number, lo: number) => classifyV4(hi * 65536 + lo);
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible): the IPv4 address is what is reached.
  if (zeroUpTo(5) && g[5] === 0xffff) return embeddedV4(g[6]!, g[7]!);
  if (zeroUpTo(6)) {
    if (g[6] === 0 && g[7] === 1) return 'private'; // ::1 loopback
    if (g[6] === 0 && g[7] === 0) return 'forbidden'; // :: unspecified
    return embeddedV4(g[6]!, g[7]!);
  }
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) also carry an IPv4 address that a gateway connects to.
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    return embeddedV4(g[6]!, g[7]!);
  }
  if (g[0] === 0x2002) {
    const cls = embeddedV4(g[1]!, g[2]!);
    return cls === 'public' ? 'public' : 'forbidden';
  }
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((first & 0xffc0) === 0xfe80) return 'forbidden'; // fe80::/10 link-local
  // Only global unicast (2000::/3) is public; inside it, documentation, Teredo and other IETF blocks are not.
  if ((first & 0xe000) !== 0x2000) return 'forbidden';
  if (first === 0x2001 && g[1]! < 0x0200) return 'forbidden'; // 2001::/23 IETF protocol assignments
  if (first === 0x2001 && g[1] === 0x0db8) return 'forbidden'; // 2001:db8::/32 documentation
  if (first === 0x3fff && g[1]! < 0x1000) return 'forbidden'; // 3fff::/20 documentation
  return 'public';
}

/** Classes one IP address literal (IPv4 or IPv6); anything unparsable is `forbidden`. */
export function classifyAddress(address: string): AddressClass {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return classifyV4(v4(address));
  if (family === 6) {
    const groups = parseV6(address);
    return groups ? classifyV6(groups) : 'forbidden';
  }
  return 'forbidden';
}

/** True when an address may be connected to (`allowPrivate`: the platform allows private targets). */
export function isAddressAllowed(address: string, allowPrivate: boolean): boolean {
  const cls = classifyAddress(address);
  return cls === 'public' || (cls === 'private' && allowPrivate);
}

/** Whether this platform allows private targets (setting `webhooks.allowPrivateTargets`). */
export async function allowsPrivateTargets(ctx: Ctx): Promise<boolean> {
  return (await getWebhookSettings(ctx.db)).allowPrivateTargets;
}

/** The URL's hostname as an address literal, or null when it is a name (brackets of IPv6 removed). */
function literalHost(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) ? host : null;
}

/** Parses and checks the URL's form (http(s), no credentials, a host, at most 2048 characters). */
export function parseOutboundUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('WEBHOOK_URL_FORBIDDEN', { reason: 'invalid_url' });
  }
  if (raw.length > 2048) throw new AppError('WEBHOOK_URL_FORBIDDEN', { reason: 'too_long' });
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError('WEBHOOK_URL_FORBIDDEN', { reason: 'scheme' });
  }
  if (url.username || url.password) throw new AppError('WEBHOOK_URL_FORBIDDEN', { reason: 'credentials' });
  if (!url.hostname) throw new AppError('WEBHOOK_URL_FORBIDDEN', { reason: 'host' });
  return url;
}

/** Every address a name resolves to (the system resolver, as the connection would use it). */
function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) =>
      err ? reject(err) : resolve(addresses),
    );
  });
}

/**
 * Checks a URL a user gave us before it is stored: http(s) only, no credentials, and every address
 * its host resolves to must be public (or private, when the platform allows private targets).
 * Throws WEBHOOK_URL_FORBIDDEN with a `reason`; returns the parsed URL.
 */
export async function checkOutboundUrl(ctx: Ctx, raw: string): Promise<URL> {
  const url = parseOutboundUrl(raw);
  const allowPrivate = await allowsPrivateTargets(ctx);
  const literal = literalHost(url);
  let addresses: string[];
  if (literal) addresses = [literal];
  else {
    try {
      addresses = (await resolveAll(url.hostname)).map((a) => a.address);
    } catch {
      throw new AppError('WEBHOOK_URL_FORBIDDEN', { reason: 'unresolvable' });
    }
  }
  // One bad answer refuses the URL: a name that resolves to a public and an internal address could
  // be connected to either.
  if (addresses.length === 0 || addresses.some((a) => !isAddressAllowed(a, allowPrivate))) {
    throw new AppError('WEBHOOK_URL_FORBIDDEN', { reason: 'address' });
  }
  return url;
}

/** The error a refused connection fails with (its `code` is what delivery logs record). */
export class OutboundAddressError extends Error {
  readonly code = 'WEBHOOK_URL_FORBIDDEN';
  constructor(readonly address: string) {
    super(`refused to connect to a non-public address (${address})`);
  }
}

/**
 * A `lookup` for node:http(s) / net.connect that resolves the name once and refuses the connection
 * when any answer is not allowed, so the socket connects to exactly the address that was checked.
 * Node skips `lookup` for address literals: callers check those with `assertAddressAllowed`.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolveAll(hostname).then(
      (answers) => {
        const bad = answers.find((a) => !isAddressAllowed(a.address, allowPrivate));
        if (bad || answers.length === 0) {
          callback(new OutboundAddressError(bad?.address ?? hostname), '', 4);
          return;
        }
        const wanted = options.family === 6 || options.family === 4 ? options.family : 0;
        const usable = wanted ? answers.filter((a) => a.family === wanted) : answers;
        const pick = usable[0] ?? answers[0]!;
        if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
        else callback(null, pick.address, pick.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 4),
    );
  };
}

/** Throws OutboundAddressError when the URL's host is an address literal that is not allowed. */
export function assertLiteralAllowed(url: URL, allowPrivate: boolean): void {
  const literal = literalHost(url);
  if (literal && !isAddressAllowed(literal, allowPrivate)) throw new OutboundAddressError(literal);
}
