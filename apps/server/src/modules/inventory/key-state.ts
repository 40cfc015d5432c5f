import type { KeyStatus } from '@kameng/shared';
import type { Transitions } from '../../lib/state-machine';

/**
 * Card-key lifecycle: a key is reserved for one order, then sold (final) or released back;
 * an available key may be voided (final). Every write checks its from-state with `WHERE status = …`.
 */
export const keyTransitions: Transitions<KeyStatus> = {
  available: ['reserved', 'void'],
  reserved: ['sold', 'available'],
  sold: [],
  void: [],
};
