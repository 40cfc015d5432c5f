import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../lib/crypto';
import { openEventData, redactEventData, sealEventData, wireEvent } from './event-data';

const box = new SecretBox(randomBytes(32));
const order = {
  id: 'o1',
  status: 'delivered',
  delivery: { keys: ['CARD-AAAA', 'CARD-BBBB'], text: 'pin 1234' },
};

describe('event data at rest', () => {
  it('encrypts data carrying delivered goods, bound to its event', () => {
    const stored = sealEventData(box, 'e1', { order });
    expect(JSON.stringify(stored)).not.toContain('CARD-AAAA');
    expect(openEventData(box, 'e1', stored)).toEqual({ order });
    expect(() => openEventData(box, 'e2', stored)).toThrow();
  });

  it('keeps other data readable as is', () => {
    const data = { order: { ...order, delivery: null } };
    expect(sealEventData(box, 'e1', data)).toBe(data);
    expect(openEventData(box, 'e1', data)).toBe(data);
  });

  it('masks goods for the console and the log, keeping the shape', () => {
    expect(redactEventData({ order })).toEqual({
      order: { ...order, delivery: { keys: ['[redacted]', '[redacted]'], text: '[redacted]' } },
    });
  });

  it('builds the wire event: unix seconds, livemode from the mode, the version it was made for', () => {
    const ev = {
      id: 'e1',
      type: 'order.paid',
      mode: 'sandbox' as const,
      data: {},
      apiVersion: '1.1',
      createdAt: new Date(1_700_000_000_500),
    };
    expect(wireEvent(ev, { a: 1 })).toEqual({
      id: 'e1',
      type: 'order.paid',
      created: 1_700_000_000,
      livemode: false,
      api_version: '1.1',
      data: { a: 1 },
    });
  });
});
