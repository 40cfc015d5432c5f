import { z } from 'zod';
import { defineJob } from '../../../jobs/define-job';
import { settleDue } from '../settle-due';

/** Every 10 minutes: settle the T+N items that have come due (idempotent; a second run finds nothing). */
export const settleDueJob = defineJob({
  name: 'finance:settle_due',
  payload: z.object({}).passthrough(),
  maxAttempts: 5,
  handler: async (ctx) => {
    const { settled } = await settleDue(ctx);
    if (settled) ctx.log.info({ settled }, 'settlement items settled');
  },
});
