import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A short random lower-case suffix (base 36) that keeps derived slugs unique. */
export function slugSuffix(length = 6): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/**
 * A URL slug from a title: accents folded, ASCII letters and digits kept, everything else a dash.
 * Characters that cannot be transliterated (Chinese, emoji…) become a short random suffix instead,
 * so "Steam 充值卡 100" → "steam-100-k3x9qa" and "王者荣耀点券" → "p-k3x9qa". `withSuffix` forces one
 * (used to retry after a derived slug collided).
 */
export function deriveSlug(title: string, withSuffix = false): string {
  const folded = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const lossy = /[\u0080-\uffff]/.test(folded);
  let base = folded
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  if (!base) base = 'p';
  return lossy || withSuffix || base === 'p' ? `${base}-${slugSuffix()}` : base;
}
