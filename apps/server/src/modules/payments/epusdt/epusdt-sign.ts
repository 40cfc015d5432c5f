import { createHash } from 'node:crypto';
import { safeEqual } from '../../../lib/crypto';

/** A JSON value as Epusdt signs it: strings and numbers only (null/absent fields are skipped). */
export type EpusdtValue = string | number | null | undefined;

/**
 * A number as Go's `strconv.FormatFloat(v, 'f', -1, 64)` writes it: the shortest decimal that reads
 * back as the same float64, never in exponent form (`100`, `15.625`, `0.1`, `1e21` → `1000…0`).
 * JavaScript's `String(n)` picks the same shortest digits; only its exponent form needs expanding.
 */
export function goFormatFloat(n: number): string {
  if (!Number.isFinite(n)) throw new Error('not a finite number');
  if (Object.is(n, -0)) return '-0';
  const s = String(n);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, frac = '', exp] = m;
  const digits = lead! + frac;
  const point = 1 + Number(exp); // where the decimal point falls in `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * The string Epusdt signs: every field but `signature`, `k=v` sorted ascending, joined with `&`.
 * `keepEmpty: true` is the Go server's rule (sign.go skips only nil, so `block_transaction_id=` is
 * signed); `false` is the documented / PHP-client rule (skip empty values).
 */
export function epusdtSignString(params: Record<string, EpusdtValue>, keepEmpty: boolean): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (k === 'signature' || v === null || v === undefined) continue;
    const text = typeof v === 'number' ? goFormatFloat(v) : v;
    if (text === '' && !keepEmpty) continue;
    parts.push(`${k}=${text}`);
  }
  // Go's sort.Strings orders by bytes; for the ASCII keys of this protocol that is UTF-16 order too.
  return parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join('&');
}

/** Epusdt's signature as the Go server computes it: md5(signString + token), lowercase hex. */
export function epusdtSign(params: Record<string, EpusdtValue>, token: string, keepEmpty = true): string {
  return createHash('md5')
    .update(epusdtSignString(params, keepEmpty) + token, 'utf8')
    .digest('hex');
}

/**
 * Verifies a signature in constant time against both readings of the empty-value rule (the Go
 * server keeps empty strings, its docs and PHP clients skip them). An empty token never verifies.
 */
export function epusdtVerify(params: Record<string, EpusdtValue>, signature: string, token: string): boolean {
  if (!token || !/^[0-9a-f]{32}$/.test(signature)) return false;
  const goWay = safeEqual(epusdtSign(params, token, true), signature);
  const docWay = safeEqual(epusdtSign(params, token, false), signature);
  return goWay || docWay;
}
