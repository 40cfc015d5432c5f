import type { WithdrawalStatus } from '@kameng/shared';
import type { Transitions } from '../../lib/state-machine';

/**
 * A withdrawal's life: requested (money held) → approved → paid (hold posted, money out) or failed
 * (hold voided); requested → rejected (hold voided). Paid, rejected and failed are final.
 */
export const withdrawalTransitions: Transitions<WithdrawalStatus> = {
  requested: ['approved', 'rejected'],
  approved: ['paid', 'failed'],
  rejected: [],
  paid: [],
  failed: [],
};
