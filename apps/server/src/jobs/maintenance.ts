import { z } from 'zod';
import { pruneSessions } from '../modules/accounts/sessions';
import { pruneDocking } from '../modules/docking/prune-docking';
import { pruneRateLimits } from '../modules/ratelimit/hit-rate-limit';
import { defineJob } from './define-job';

/** Hourly clean-up of expired sessions, old rate-limit windows, the open API's old call log, nonces and idempotency keys. */
export const maintenanceJob = defineJob({
  name: 'maintenance:cleanup',
  payload: z.object({}).passthrough(),
  maxAttempts: 3,
  handler: async (ctx) => {
    const now = ctx.now();
    const sessions = await pruneSessions(ctx.db, now);
    const windows = await pruneRateLimits(ctx.db, new Date(now.getTime() - 24 * 3600_000));
    const api = await pruneDocking(ctx.db, now);
    ctx.log.info({ sessions, windows, api }, 'maintenance clean-up done');
  },
});
