const BULLET = '•';
/** At most this many bullets, so a mask does not reveal a long key's length exactly. */
const MAX_BULLETS = 16;

/** A key with its middle hidden: first 2 and last 2 characters of keys of 8+ characters, else all bullets. */
export function maskKey(key: string): string {
  const chars = Array.from(key);
  if (chars.length < 8) return BULLET.repeat(chars.length);
  const hidden = Math.min(chars.length - 4, MAX_BULLETS);
  return chars.slice(0, 2).join('') + BULLET.repeat(hidden) + chars.slice(-2).join('');
}
