import type { CashierAction } from '@kameng/shared';
import type { ChannelConfig } from '../provider';

/** A 易支付 channel's settings, validated (channel.settings is operator input). */
export interface EpaySettings {
  /** The apiurl, always ending in `/` (endpoints are relative to it). */
  gatewayUrl: string;
  version: 'v1' | 'v2';
  /** 'mapi': we create the trade server-side; 'submit': the buyer's browser posts a signed form. */
  flow: 'mapi' | 'submit';
  /** The 易支付 payment type (alipay, wxpay, qqpay, usdt …). */
  type: string;
  timeoutMs: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Reads and checks the channel's settings; throws a clear Error on anything unusable. */
export function epaySettings(channel: ChannelConfig): EpaySettings {
  const s = channel.settings;
  const raw = typeof s.gatewayUrl === 'string' ? s.gatewayUrl.trim() : '';
  if (!raw) throw new Error('epay: settings.gatewayUrl (the apiurl) is missing');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('epay: settings.gatewayUrl is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('epay: settings.gatewayUrl must be http(s)');
  }
  if (url.username || url.password) throw new Error('epay: settings.gatewayUrl must not carry credentials');
  url.search = '';
  url.hash = '';
  // Operators often paste an endpoint instead of the apiurl: keep its directory.
  url.pathname = url.pathname.replace(/\/(submit|mapi|api)\.php$/i, '/').replace(/\/api\/pay\/\w+$/, '/');
  if (!url.pathname.endsWith('/')) url.pathname += '/';

  const version = s.version === undefined || s.version === '' ? 'v1' : String(s.version).toLowerCase();
  if (version !== 'v1' && version !== 'v2') throw new Error('epay: settings.version must be "v1" or "v2"');
  const flow = s.flow === undefined || s.flow === '' ? 'mapi' : String(s.flow).toLowerCase();
  if (flow !== 'mapi' && flow !== 'submit') throw new Error('epay: settings.flow must be "mapi" or "submit"');
  const type = s.type === undefined || s.type === '' ? channel.method : s.type;
  if (typeof type !== 'string' || !/^[A-Za-z0-9_]{1,32}$/.test(type)) {
    throw new Error('epay: settings.type must be a payment type such as alipay or wxpay');
  }
  const t = s.timeoutMs;
  const timeoutMs =
    typeof t === 'number' && Number.isInteger(t) ? Math.min(Math.max(t, 200), 30_000) : DEFAULT_TIMEOUT_MS;
  return { gatewayUrl: url.toString(), version, flow, type, timeoutMs };
}

/** The version a notify is checked with; null when the setting is unusable. */
export function epayVersion(channel: ChannelConfig): 'v1' | 'v2' | null {
  const v = channel.settings.version;
  if (v === undefined || v === '') return 'v1';
  const s = String(v).toLowerCase();
  return s === 'v1' || s === 'v2' ? s : null;
}

/** The merchant id; throws when missing. */
export function epayPid(channel: ChannelConfig): string {
  const pid = (channel.credentials.pid ?? '').trim();
  if (!pid) throw new Error('epay: credentials.pid is missing');
  return pid;
}

/** UTF-8 byte length of a string. */
function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/**
 * Cuts `text` to at most `max` UTF-8 bytes on a character boundary (never half a 汉字 or emoji), as
 * 易支付 truncates names above 127 bytes. Control characters become spaces.
 */
export function truncateUtf8(text: string, max = 127): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  let out = '';
  let bytes = 0;
  for (const ch of clean) {
    const n = utf8Length(ch);
    if (bytes + n > max) break;
    out += ch;
    bytes += n;
  }
  return out;
}

/** The buyer's IP as gateways expect it (an IPv4-mapped IPv6 address unwrapped). */
export function clientIp(ip: string): string {
  const v = ip.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  return v || '127.0.0.1';
}

const HTTP_URL = /^https?:\/\/[^\s]+$/i;
const SCHEME_URL = /^[a-z][a-z0-9+.-]*:\S+$/i;
const DANGEROUS_SCHEME = /^(javascript|data|vbscript|file):/i;

/**
 * The cashier action for what a gateway answered: a QR code content (preferred for desktop buyers), a
 * pay URL (preferred on phones) or an app deep link. Anything else, or a URL that is not http(s), throws.
 */
export function cashierActionFor(
  answer: { payurl?: string; qrcode?: string; urlscheme?: string },
  device: 'pc' | 'mobile' | 'wechat',
): CashierAction {
  const payurl = answer.payurl && HTTP_URL.test(answer.payurl) ? answer.payurl : undefined;
  const qr = answer.qrcode || undefined;
  const scheme =
    answer.urlscheme && SCHEME_URL.test(answer.urlscheme) && !DANGEROUS_SCHEME.test(answer.urlscheme)
      ? answer.urlscheme
      : undefined;
  if (answer.payurl && !payurl) throw new Error('epay: the gateway answered a pay URL that is not http(s)');
  if (answer.urlscheme && !scheme) throw new Error('epay: the gateway answered an unusable url scheme');
  const withScheme = scheme ? { scheme } : {};
  if (qr && (device === 'pc' || !payurl)) {
    return { type: 'qr', qr, ...(payurl ? { url: payurl } : {}), ...withScheme };
  }
  if (payurl) return { type: 'redirect', url: payurl, ...withScheme };
  if (scheme) return { type: 'redirect', url: scheme, scheme };
  throw new Error('epay: the gateway answered no payurl, qrcode or urlscheme');
}
