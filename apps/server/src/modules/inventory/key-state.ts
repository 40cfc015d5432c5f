import type { KeyStatus } from '@kameng/shared';
import type { Transitions } from '../../lib/state-machine';

/**
 * Card-key lifecycle: a key is reserved for one order, then sold (final) or released back;
 * an available key may be voided (final), and so may a sold key when its order is fully refunded (the
 * buyer gave the money back, so the key must not stay usable). Every write checks its from-state with
 * `WHERE status = …`.
 */
export const keyTransitions: Transitions<KeyStatus> = {
  available: ['reserved', 'void'],
  reserved: ['sold', 'available'],
  sold: ['void'],
  void: [],
};
