import { describe, expect, it } from 'vitest';
import { checkPatterns, safePattern } from './pattern-safety';

const isSafe = (source: string) => safePattern(source) !== undefined;

describe('buyer-input pattern safety', () => {
  it('tells exponential patterns from safe and quadratic ones', async () => {
    const exploding = ['(a+)+', '(a|b|ab)*c', '(\\w+\\s?)*', '(?:(?:a*)*)*b', '([a-z0-9]+\\.?)*@qq\\.com'];
    const fine = [
      '[1-9][0-9]{4,11}',
      '[A-Z]{3}-\\d{4}',
      '1[3-9]\\d{9}',
      '[\\u4e00-\\u9fa5]{2,8}',
      '[^@]+@[^@]+\\.[^@]+',
    ];
    expect(fine.concat(exploding).some(isSafe)).toBe(false); // nothing is safe before it is judged
    await checkPatterns([...exploding, ...fine]);
    expect(exploding.filter(isSafe)).toEqual([]);
    expect(fine.filter(isSafe)).toEqual(fine);
  }, 30_000);

  it('never runs a pattern the checkout cannot compile (e.g. one valid only without the u flag)', async () => {
    await checkPatterns(['(unclosed', '\\a']);
    expect(isSafe('(unclosed') || isSafe('\\a')).toBe(false);
  });

  it('gives concurrent callers asking about one pattern its verdict', async () => {
    const p = '[a-f0-9]{32}';
    await Promise.all(Array.from({ length: 5 }, () => checkPatterns([p, p])));
    expect(isSafe(p)).toBe(true);
  }, 30_000);
});
