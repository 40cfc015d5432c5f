import { z } from 'zod';
import { defineJob } from '../../../jobs/define-job';
import { queryOpenAttempts, queryAttemptById } from '../query-payment';

/**
 * 主动查单: asks the channels about open attempts (one attempt ~30 s after it starts, all open
 * attempts every minute), so "paid but no callback" heals itself.
 */
export const queryPaymentsJob = defineJob({
  name: 'payments:query',
  payload: z.object({ attemptId: z.uuid().optional() }),
  maxAttempts: 3,
  handler: async (ctx, { attemptId }) => {
    if (attemptId) await queryAttemptById(ctx, attemptId);
    else await queryOpenAttempts(ctx);
  },
});
