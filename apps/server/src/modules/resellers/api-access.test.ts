import { apiAccessStatuses } from '@kameng/shared';
import { describe, expect, it } from 'vitest';
import { apiAccessTransitions } from './api-access';

describe('API access transitions', () => {
  it('reach every state and name only known ones', () => {
    const reached = new Set<string>(['none']);
    for (const t of Object.values(apiAccessTransitions)) {
      for (const f of t.from) expect(apiAccessStatuses).toContain(f);
      expect(apiAccessStatuses).toContain(t.to);
      reached.add(t.to);
    }
    reached.add('pending'); // the reseller's own request
    expect([...reached].sort()).toEqual([...apiAccessStatuses].sort());
  });

  it('never lets a suspended account be approved without restore, nor restore what is not suspended', () => {
    expect(apiAccessTransitions.approve.from).not.toContain('suspended');
    expect(apiAccessTransitions.restore.from).toEqual(['suspended']);
  });
});
