import { orderStatuses, type ApiOrder } from '@kameng/shared';
import { describe, expect, it } from 'vitest';
import { apiStatusOf, servedOrder } from './api-order-dto';
import { stockOf } from './api-catalog';

describe('apiStatusOf', () => {
  const at = new Date('2026-01-01T00:00:00Z');
  it('maps every order status', () => {
    for (const s of orderStatuses) expect(apiStatusOf(s, null, null)).toBeTypeOf('string');
  });
  it('reads manual goods waiting as processing, a delivery problem as manual', () => {
    expect(apiStatusOf('manual', 'manual_sku', null)).toBe('processing');
    expect(apiStatusOf('manual', 'reservation_lost', null)).toBe('manual');
    expect(apiStatusOf('manual', 'balance_short', null)).toBe('manual');
    expect(apiStatusOf('delivery_failed', null, null)).toBe('manual');
    expect(apiStatusOf('paid', null, null)).toBe('processing');
    expect(apiStatusOf('pending_payment', null, null)).toBe('pending_payment');
  });
  it('tells a cancellation (refunded before delivery) from a refund after it', () => {
    expect(apiStatusOf('refunded', 'manual_sku', null)).toBe('cancelled');
    expect(apiStatusOf('refunded', null, at)).toBe('refunded');
    expect(apiStatusOf('partially_refunded', null, at)).toBe('partially_refunded');
    expect(apiStatusOf('expired', null, null)).toBe('cancelled');
    expect(apiStatusOf('delivered', null, at)).toBe('delivered');
  });
});

describe('servedOrder', () => {
  const order = {
    id: '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
    delivery: { keys: ['K1', 'K2'], text: 'guide' },
  } as ApiOrder;
  it('keeps 1.0 as it is', () => {
    expect(servedOrder(order, '1.0')).toBe(order);
  });
  it('adds to 1.1 one list of items: keys, then the text', () => {
    expect(servedOrder(order, '1.1').delivery).toEqual({
      keys: ['K1', 'K2'],
      text: 'guide',
      items: [
        { kind: 'card_key', content: 'K1' },
        { kind: 'card_key', content: 'K2' },
        { kind: 'text', content: 'guide' },
      ],
    });
    expect(servedOrder({ ...order, delivery: null }, '1.1').delivery).toBeNull();
  });
});

describe('stockOf', () => {
  const keys = { deliveryMode: 'card_keys', manualStockCap: null, lowStockThreshold: 5 };
  it('reads counts against the low-stock threshold', () => {
    expect(stockOf(keys, 6)).toEqual({ status: 'in_stock', quantity: 6 });
    expect(stockOf(keys, 5)).toEqual({ status: 'low', quantity: 5 });
    expect(stockOf(keys, 0)).toEqual({ status: 'out_of_stock', quantity: 0 });
    expect(stockOf({ ...keys, lowStockThreshold: null }, 1)).toEqual({ status: 'in_stock', quantity: 1 });
  });
  it('shows unlimited goods without a quantity', () => {
    expect(
      stockOf({ deliveryMode: 'shared_text', manualStockCap: null, lowStockThreshold: null }, null),
    ).toEqual({
      status: 'in_stock',
      quantity: null,
    });
    expect(stockOf({ deliveryMode: 'manual', manualStockCap: null, lowStockThreshold: null }, 0)).toEqual({
      status: 'in_stock',
      quantity: null,
    });
    expect(stockOf({ deliveryMode: 'manual', manualStockCap: 0, lowStockThreshold: null }, 0)).toEqual({
      status: 'out_of_stock',
      quantity: 0,
    });
  });
});
