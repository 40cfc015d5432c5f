/** How long after a delivery was written it is retried; after that it fails and its endpoint is disabled. */
export const RETRY_HORIZON_MS = 3 * 24 * 3600_000;

/** Waits after the 1st, 2nd, … failed attempt; past the list, every 3 h until the horizon. */
const SCHEDULE_MS = [10_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000];
const LATER_MS = 3 * 3600_000;

/**
 * The wait before the next attempt after `attempt` failed attempts (1-based): exponential-ish steps
 * with ±20 % jitter, so the endpoints that failed together (a receiver's outage) are not all retried
 * in the same second when it comes back. `random` is in [0, 1).
 */
export function retryDelayMs(attempt: number, random: number = Math.random()): number {
  const base = SCHEDULE_MS[Math.max(0, attempt - 1)] ?? LATER_MS;
  return Math.round(base * (0.8 + 0.4 * random));
}

/**
 * When the next attempt is due after a failure at `now` (null: give up). Every delivery gets a last
 * attempt at its horizon, however the jitter fell, before it is given up.
 */
export function nextAttemptAt(createdAt: Date, attempt: number, now: Date, random?: number): Date | null {
  const horizon = createdAt.getTime() + RETRY_HORIZON_MS;
  if (now.getTime() >= horizon) return null;
  return new Date(Math.min(now.getTime() + retryDelayMs(attempt, random), horizon));
}
