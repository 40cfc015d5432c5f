import { orderStatuses } from '@kameng/shared';
import { describe, expect, it } from 'vitest';
import { reachable } from '../../lib/state-machine';
import { orderTransitions } from './order-state';

describe('order state machine', () => {
  it('declares every status and only known targets', () => {
    expect(Object.keys(orderTransitions).sort()).toEqual([...orderStatuses].sort());
    for (const targets of Object.values(orderTransitions)) {
      for (const t of targets) expect(orderStatuses).toContain(t);
    }
  });
  it('reaches every state from pending_payment', () => {
    expect([...reachable(orderTransitions, 'pending_payment')].sort()).toEqual([...orderStatuses].sort());
  });
  it('keeps refunded final, lets a late payment revive only unpaid orders, never unpays a paid one', () => {
    expect(orderTransitions.cancelled).toEqual(['paid']);
    expect(orderTransitions.expired).toEqual(['paid']);
    expect(orderTransitions.refunded).toEqual([]);
    for (const s of ['paid', 'delivered', 'manual', 'partially_refunded'] as const) {
      expect(orderTransitions[s]).not.toContain('pending_payment');
      expect(orderTransitions[s]).not.toContain('expired');
    }
  });
});
