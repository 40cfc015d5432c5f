import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { servedVersion, stableBucket } from './served-version';

describe('servedVersion (gray release)', () => {
  const id = '6f1c2b9e-3a4d-4e5f-8a7b-1c2d3e4f5a6b';

  it('is stable and spreads accounts over 0–99', () => {
    expect(stableBucket(id)).toBe(stableBucket(id));
    const buckets = new Set(Array.from({ length: 500 }, () => stableBucket(randomUUID())));
    expect(Math.min(...buckets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...buckets)).toBeLessThan(100);
    expect(buckets.size).toBeGreaterThan(80);
  });

  it('serves the stable version without a rollout, the next one at 100 %', () => {
    expect(servedVersion({ id, apiVersion: null }, null)).toBe('1.0');
    expect(servedVersion({ id, apiVersion: null }, { nextVersion: '1.1', percent: 0, allowList: [] })).toBe(
      '1.0',
    );
    expect(servedVersion({ id, apiVersion: null }, { nextVersion: '1.1', percent: 100, allowList: [] })).toBe(
      '1.1',
    );
  });

  it('cuts at the account bucket', () => {
    const b = stableBucket(id);
    expect(servedVersion({ id, apiVersion: null }, { nextVersion: '1.1', percent: b, allowList: [] })).toBe(
      '1.0',
    );
    expect(
      servedVersion({ id, apiVersion: null }, { nextVersion: '1.1', percent: b + 1, allowList: [] }),
    ).toBe('1.1');
  });

  it('serves the allow-list early and a pin over everything', () => {
    expect(servedVersion({ id, apiVersion: null }, { nextVersion: '1.1', percent: 0, allowList: [id] })).toBe(
      '1.1',
    );
    expect(
      servedVersion({ id, apiVersion: '1.0' }, { nextVersion: '1.1', percent: 100, allowList: [id] }),
    ).toBe('1.0');
    expect(servedVersion({ id, apiVersion: '1.1' }, null)).toBe('1.1');
  });

  it('ignores unknown versions', () => {
    expect(servedVersion({ id, apiVersion: '9.9' }, null)).toBe('1.0');
    expect(servedVersion({ id, apiVersion: null }, { nextVersion: '9.9', percent: 100, allowList: [] })).toBe(
      '1.0',
    );
  });
});
