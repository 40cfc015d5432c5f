import { describe, expect, it } from 'vitest';
import { nextAttemptAt, RETRY_HORIZON_MS, retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('grows 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, then every 3 h (no jitter at random 0.5)', () => {
    const steps = [1, 2, 3, 4, 5, 6, 7, 8, 20].map((a) => retryDelayMs(a, 0.5) / 1000);
    expect(steps).toEqual([10, 30, 120, 600, 1800, 3600, 10800, 10800, 10800]);
  });

  it('jitters within ±20 %', () => {
    expect(retryDelayMs(1, 0)).toBe(8000);
    expect(retryDelayMs(1, 0.999999)).toBe(12000);
    expect(retryDelayMs(6, 0)).toBe(2880_000);
  });
});

describe('nextAttemptAt', () => {
  const created = new Date('2026-01-01T00:00:00Z');

  it('schedules within the horizon, a last attempt at the horizon, then gives up', () => {
    const soon = new Date(created.getTime() + 5000);
    expect(nextAttemptAt(created, 1, soon, 0.5)!.getTime()).toBe(soon.getTime() + 10_000);
    const late = new Date(created.getTime() + RETRY_HORIZON_MS - 60_000);
    expect(nextAttemptAt(created, 9, late, 0.5)!.getTime()).toBe(created.getTime() + RETRY_HORIZON_MS);
    expect(nextAttemptAt(created, 10, new Date(created.getTime() + RETRY_HORIZON_MS), 0.5)).toBeNull();
  });

  it('reaches the horizon in a bounded number of attempts (about 30 over 3 days)', () => {
    let now = created;
    let attempts = 0;
    for (
      let next = nextAttemptAt(created, 1, now, 0.5);
      next;
      next = nextAttemptAt(created, attempts + 1, now, 0.5)
    ) {
      attempts += 1;
      now = next;
    }
    expect(attempts).toBeGreaterThan(20);
    expect(attempts).toBeLessThan(40);
  });
});
