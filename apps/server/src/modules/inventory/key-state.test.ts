import { keyStatuses, type KeyStatus } from '@kameng/shared';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../lib/app-error';
import { assertTransition, reachable } from '../../lib/state-machine';
import { keyTransitions } from './key-state';

const allowed: [KeyStatus, KeyStatus][] = [
  ['available', 'reserved'],
  ['available', 'void'],
  ['reserved', 'sold'],
  ['reserved', 'available'],
  ['sold', 'void'],
];

describe('card-key state machine', () => {
  it('reaches every status from available and names no unknown state', () => {
    expect([...reachable(keyTransitions, 'available')].sort()).toEqual([...keyStatuses].sort());
  });

  it('allows exactly the declared moves', () => {
    for (const from of keyStatuses) {
      for (const to of keyStatuses) {
        const ok = allowed.some(([f, t]) => f === from && t === to);
        if (ok) expect(() => assertTransition(keyTransitions, from, to)).not.toThrow();
        else {
          try {
            assertTransition(keyTransitions, from, to, 'KEY_NOT_AVAILABLE');
            expect.unreachable(`${from} → ${to}`);
          } catch (err) {
            expect(isAppError(err, 'KEY_NOT_AVAILABLE'), `${from} → ${to}`).toBe(true);
          }
        }
      }
    }
  });

  it('makes void final and lets a sold key only be voided (refunded order)', () => {
    expect(keyTransitions.sold).toEqual(['void']);
    expect(keyTransitions.void).toEqual([]);
  });
});
