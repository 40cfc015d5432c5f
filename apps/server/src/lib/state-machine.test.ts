import { merchantStatuses } from '@kameng/shared';
import { describe, expect, it } from 'vitest';
import { merchantTransitions } from '../modules/merchants/merchant-state';
import { isAppError } from './app-error';
import { assertTransition, reachable } from './state-machine';

describe('merchant state machine', () => {
  it('reaches every status from pending_review and names no unknown state', () => {
    expect([...reachable(merchantTransitions, 'pending_review')].sort()).toEqual(
      [...merchantStatuses].sort(),
    );
  });

  it('allows declared moves and refuses others with the given code', () => {
    expect(() => assertTransition(merchantTransitions, 'active', 'suspended')).not.toThrow();
    try {
      assertTransition(merchantTransitions, 'banned', 'active', 'MERCHANT_STATUS_TRANSITION');
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'MERCHANT_STATUS_TRANSITION')).toBe(true);
    }
  });

  it('detects a target that is not a state', () => {
    const broken = { a: ['b'], b: ['zz'] } as unknown as Record<'a' | 'b', ('a' | 'b')[]>;
    expect(() => reachable(broken, 'a')).toThrow(/unknown state zz/);
  });
});
