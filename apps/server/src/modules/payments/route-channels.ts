/** What routing needs of a channel (a ChannelRow has all of it). */
export interface RoutableChannel {
  id: string;
  enabled: boolean;
  priority: number;
  weight: number;
  minAmount: number | null;
  maxAmount: number | null;
  pausedUntil: Date | null;
}

/** Whether a channel takes new payments of `amount` now: enabled, not auto-paused, amount in its range. */
export function isRoutable(c: RoutableChannel, amount: number, now: Date): boolean {
  return (
    c.enabled &&
    (c.pausedUntil === null || c.pausedUntil <= now) &&
    (c.minAmount === null || amount >= c.minAmount) &&
    (c.maxAmount === null || amount <= c.maxAmount)
  );
}

/**
 * The order in which to try channels: highest priority first; within one priority a weighted random
 * order (a channel of weight 3 comes first three times as often as one of weight 1 — Efraimidis–
 * Spirakis keys u^(1/w)), then the channels of weight 0, which are only tried once the weighted ones
 * of their priority failed. Pure: `random` returns [0, 1) (tests pass a seeded one).
 */
export function orderChannels<T extends RoutableChannel>(channels: readonly T[], random = Math.random): T[] {
  const keyed = channels.map((c) => ({
    c,
    // Larger key first; 1 − u is in (0, 1], so a weighted key is never 0 and always beats weight 0.
    key: c.weight > 0 ? Math.pow(1 - random(), 1 / c.weight) : -1,
  }));
  keyed.sort((a, b) => b.c.priority - a.c.priority || b.key - a.key || a.c.id.localeCompare(b.c.id));
  return keyed.map((k) => k.c);
}
