import { z } from 'zod';
import { defineJob } from '../../../jobs/define-job';
import { DUPLICATE_REFUND_TRIES, refundDuplicatePayment } from '../refund-duplicate-payment';

/**
 * Returns money received twice through the channel it came from (see refundDuplicatePayment).
 * Idempotent: a second run finds the attempt refunded or claimed and never asks the channel again.
 */
export const refundDuplicateJob = defineJob({
  name: 'payments:refund-duplicate',
  payload: z.object({ attemptId: z.uuid() }),
  maxAttempts: DUPLICATE_REFUND_TRIES,
  handler: async (ctx, { attemptId }) => {
    await refundDuplicatePayment(ctx, attemptId);
  },
});
