import { API_NONCE_PATTERN, canonicalQuery, encodeRfc3986 } from '@kameng/shared';
import { AppError } from '../../lib/app-error';
import { sha256 } from '../../lib/crypto';

/** A hosted checkout link's parameters, checked for form (not yet for authenticity). */
export interface HostedParams {
  appKey: string;
  skuId: string;
  quantity: number;
  outOrderNo: string;
  returnUrl: string;
  notifyUrl: string | null;
  /** The buyer's contact as the integrator signed it; null: the cashier asks the buyer. */
  contact: string | null;
  /** The product's buyer input fields, from `input_<name>` parameters. */
  input: Record<string, string>;
  timestamp: number;
  nonce: string;
  sign: string;
  /** The contact the buyer typed on our form (unsigned; only accepted when `contact` is absent). */
  buyerContact: string | null;
  /** What was signed: the canonical query of every parameter except `sign` and `buyer_contact`. */
  canonical: string;
  /** Every parameter as sent except `buyer_contact` (the contact form posts them back unchanged). */
  fields: [string, string][];
}

/** Parameters the signature does not cover: the signature itself and what the buyer adds on our page. */
const UNSIGNED = new Set(['sign', 'buyer_contact']);
const KNOWN = new Set([
  'app_key',
  'sku_id',
  'quantity',
  'out_order_no',
  'return_url',
  'notify_url',
  'contact',
  'timestamp',
  'nonce',
  'sign',
  'buyer_contact',
]);
const INPUT_PREFIX = 'input_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invalid = (param: string, reason: string) => new AppError('HOSTED_LINK_INVALID', { param, reason });

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw invalid('*', 'encoding');
  }
}

/**
 * Parses a link's query string or a form post's body (`a=1&b=2`). Strict: each parameter at most once,
 * unknown ones refused (they would be signed yet ignored — a typo must not pass silently).
 */
export function parseHostedParams(raw: string): HostedParams {
  const s = raw.startsWith('?') ? raw.slice(1) : raw;
  if (s.length > 8192) throw invalid('*', 'too_long');
  const values = new Map<string, string>();
  const signed: string[] = [];
  const fields: [string, string][] = [];
  for (const part of s.split('&')) {
    if (!part) continue;
    const i = part.indexOf('=');
    const key = decode(i < 0 ? part : part.slice(0, i));
    const value = decode(i < 0 ? '' : part.slice(i + 1));
    if (!KNOWN.has(key) && !(key.startsWith(INPUT_PREFIX) && key.length > INPUT_PREFIX.length)) {
      throw invalid(key.slice(0, 64), 'unknown');
    }
    if (values.has(key)) throw invalid(key, 'duplicate');
    values.set(key, value);
    if (!UNSIGNED.has(key)) signed.push(`${encodeRfc3986(key)}=${encodeRfc3986(value)}`);
    if (key !== 'buyer_contact') fields.push([key, value]);
  }
  const need = (k: string): string => {
    const v = values.get(k);
    if (v === undefined || v === '') throw invalid(k, 'missing');
    return v;
  };
  const optional = (k: string): string | null => {
    const v = values.get(k)?.trim();
    return v ? v : null;
  };

  const appKey = need('app_key');
  if (appKey.length > 64) throw invalid('app_key', 'format');
  const skuId = need('sku_id');
  if (!UUID.test(skuId)) throw invalid('sku_id', 'format');
  const qty = need('quantity');
  if (!/^[1-9][0-9]{0,3}$/.test(qty)) throw invalid('quantity', 'format');
  const outOrderNo = need('out_order_no');
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(outOrderNo)) throw invalid('out_order_no', 'format');
  const ts = need('timestamp');
  if (!/^[0-9]{1,12}$/.test(ts)) throw invalid('timestamp', 'format');
  const nonce = need('nonce');
  if (!API_NONCE_PATTERN.test(nonce)) throw invalid('nonce', 'format');
  const sign = need('sign').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sign)) throw invalid('sign', 'format');
  const contact = optional('contact');
  const buyerContact = optional('buyer_contact');
  if (contact !== null && buyerContact !== null) throw invalid('buyer_contact', 'contact_signed');

  const input: Record<string, string> = {};
  for (const [k, v] of values) if (k.startsWith(INPUT_PREFIX)) input[k.slice(INPUT_PREFIX.length)] = v;

  return {
    appKey,
    skuId: skuId.toLowerCase(),
    quantity: Number(qty),
    outOrderNo,
    returnUrl: need('return_url'),
    notifyUrl: optional('notify_url'),
    contact,
    input,
    timestamp: Number(ts),
    nonce,
    sign,
    buyerContact,
    canonical: canonicalQuery(signed.join('&')),
    fields,
  };
}

/**
 * What makes two links "the same order": SKU, quantity, the integrator's order number, URLs, contact and
 * input — not the timestamp, nonce or signature, so a link generated afresh for the same order matches.
 */
export function hostedContentHash(p: HostedParams): Buffer {
  return sha256(
    JSON.stringify([
      'hosted',
      p.skuId,
      p.quantity,
      p.outOrderNo,
      p.returnUrl,
      p.notifyUrl,
      p.contact,
      Object.entries(p.input).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ]),
  );
}

/** How a contact typed by a person is classed for delivery: e-mail, mobile number or QQ number. */
export function contactKindOf(contact: string): 'email' | 'phone' | 'qq' {
  if (contact.includes('@')) return 'email';
  if (/^[1-9][0-9]{4,11}$/.test(contact) && !/^1[3-9][0-9]{9}$/.test(contact)) return 'qq';
  return 'phone';
}
