import { describe, expect, it } from 'vitest';
import { addDays, localDate, settlementDueOn } from './due-date';

describe('settlementDueOn', () => {
  it('counts in the platform zone: 23:30 Shanghai on Jan 31 is 15:30 UTC, T+1 is Feb 1', () => {
    expect(settlementDueOn(new Date('2026-01-31T15:30:00Z'), 'Asia/Shanghai', 1)).toBe('2026-02-01');
  });
  it('crosses UTC midnight: 00:30 Shanghai on Mar 1 is still Feb 28 in UTC', () => {
    const paidAt = new Date('2026-02-28T16:30:00Z');
    expect(localDate(paidAt, 'Asia/Shanghai')).toBe('2026-03-01');
    expect(localDate(paidAt, 'UTC')).toBe('2026-02-28');
    expect(settlementDueOn(paidAt, 'Asia/Shanghai', 0)).toBe('2026-03-01');
    expect(settlementDueOn(paidAt, 'UTC', 0)).toBe('2026-02-28');
  });
  it('rolls over month and year ends', () => {
    expect(settlementDueOn(new Date('2026-02-27T04:00:00Z'), 'Asia/Shanghai', 3)).toBe('2026-03-02');
    expect(settlementDueOn(new Date('2028-02-27T04:00:00Z'), 'Asia/Shanghai', 3)).toBe('2028-03-01');
    expect(settlementDueOn(new Date('2026-12-30T04:00:00Z'), 'Asia/Shanghai', 7)).toBe('2027-01-06');
  });
  it('follows daylight saving zones by calendar day', () => {
    // 2026-03-08 02:30 does not exist in New York; 07:30 UTC is 03:30 EDT (or 02:30 EST) — still Mar 8.
    expect(settlementDueOn(new Date('2026-03-08T07:30:00Z'), 'America/New_York', 1)).toBe('2026-03-09');
  });
  it('adds days across leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });
});
