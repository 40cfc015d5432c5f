import { z } from 'zod';
import { defineJob } from '../../../jobs/define-job';
import { expireOrders } from '../expire-orders';

/** Every minute: unpaid orders past their window release their stock and expire. */
export const expireOrdersJob = defineJob({
  name: 'orders:expire',
  payload: z.object({}).loose(),
  maxAttempts: 3,
  handler: async (ctx) => {
    const n = await expireOrders(ctx, ctx.now());
    if (n) ctx.log.info({ expired: n }, 'orders expired');
  },
});
