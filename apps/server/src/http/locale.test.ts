import { errorCatalog } from '@kameng/shared';
import { describe, expect, it } from 'vitest';
import { negotiateLocale } from './locale';

describe('negotiateLocale', () => {
  it('defaults to zh-CN and follows the first language named', () => {
    expect(negotiateLocale(undefined)).toBe('zh-CN');
    expect(negotiateLocale('en-US,en;q=0.9')).toBe('en');
    expect(negotiateLocale('zh-TW,en;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale('fr')).toBe('zh-CN');
  });
});

describe('error catalog', () => {
  it('gives every code a 4xx/5xx status and both messages', () => {
    for (const [code, e] of Object.entries(errorCatalog)) {
      expect(e.status, code).toBeGreaterThanOrEqual(400);
      expect(e.zh.length, code).toBeGreaterThan(1);
      expect(e.en.length, code).toBeGreaterThan(1);
      expect(e.zh, code).not.toBe(e.en);
    }
  });
});
