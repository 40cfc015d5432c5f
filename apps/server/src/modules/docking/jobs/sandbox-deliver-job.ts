import { z } from 'zod';
import { defineJob } from '../../../jobs/define-job';
import { deliverSandboxOrder } from '../sandbox-order';

/**
 * Delivers a sandbox order of manual goods a few seconds after it was placed, so integrators see
 * `processing` → `delivered` and its callback as they will in live mode. Harmless when run twice or
 * after a cancel (the delivery is one conditional update).
 */
export const sandboxDeliverJob = defineJob({
  name: 'docking:sandbox_deliver',
  payload: z.object({ apiOrderId: z.uuid() }),
  maxAttempts: 5,
  handler: async (ctx, { apiOrderId }) => {
    await deliverSandboxOrder(ctx, apiOrderId);
  },
});
