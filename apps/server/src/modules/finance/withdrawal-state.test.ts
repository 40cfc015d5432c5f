import { withdrawalStatuses } from '@kameng/shared';
import { describe, expect, it } from 'vitest';
import { reachable } from '../../lib/state-machine';
import { withdrawalTransitions } from './withdrawal-state';

describe('withdrawal transitions', () => {
  it('reaches every state from requested and names no unknown state', () => {
    expect([...reachable(withdrawalTransitions, 'requested')].sort()).toEqual([...withdrawalStatuses].sort());
  });
  it('has final states with no way out', () => {
    for (const s of ['paid', 'rejected', 'failed'] as const) expect(withdrawalTransitions[s]).toEqual([]);
  });
});
