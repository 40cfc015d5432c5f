import type { MerchantStatus } from '@kameng/shared';
import type { Transitions } from '../../lib/state-machine';

/** Merchant lifecycle. Review (pending → active) gets its own flow later; a ban is final. */
export const merchantTransitions: Transitions<MerchantStatus> = {
  pending_review: ['active', 'banned'],
  active: ['suspended', 'banned'],
  suspended: ['active', 'banned'],
  banned: [],
};
