/** Storefront checkout API: create order, pay (cashier action), result page, return from cashier, lookup. */
import type { z } from 'zod';
import type {
  ContactKind,
  CreateOrderBody,
  CreateOrderResponse,
  OrderStatus,
  PaymentMethods,
  PayOrderResponse,
  PayWithBalanceResponse,
  PublicOrderView,
  ResellerBalance,
  orderLookupBody,
  orderLookupResponse,
} from '@kameng/shared';
import { orderStatuses } from '@kameng/shared';
import { isApiError, query, request } from './client';

export type { ContactKind, OrderStatus, PublicOrderView };
export type OrderLookupBody = z.infer<typeof orderLookupBody>;
export type OrderLookupResponse = z.infer<typeof orderLookupResponse>;
export const ORDER_STATUSES: readonly OrderStatus[] = orderStatuses;

export function fetchPayMethods(): Promise<PaymentMethods> {
  return request('GET', '/api/pay/methods');
}

export function createOrder(body: CreateOrderBody): Promise<CreateOrderResponse> {
  return request('POST', '/api/store/orders', body);
}

const orderPathOf = (orderNo: string) => '/api/store/orders/' + encodeURIComponent(orderNo);

/** The buyer's order; with `waitSeconds`, the server answers when it changes (long poll). */
export function fetchBuyerOrder(
  orderNo: string,
  token: string,
  waitSeconds?: number,
): Promise<PublicOrderView> {
  return request('GET', orderPathOf(orderNo) + query({ token, wait: waitSeconds }));
}

/** Starts paying the order with the chosen method: what the cashier shows. */
export function payOrder(orderNo: string, accessToken: string, method?: string): Promise<PayOrderResponse> {
  return request('POST', orderPathOf(orderNo) + '/pay', { accessToken, method });
}

/**
 * Pays from the signed-in reseller's prepaid balance: `'all'` (or the total) pays the order at once;
 * less starts an online payment for the rest with the balance part held.
 */
export function payWithBalance(
  orderNo: string,
  accessToken: string,
  useBalance: number | 'all',
  method?: string,
): Promise<PayWithBalanceResponse> {
  return request('POST', orderPathOf(orderNo) + '/pay-balance', { accessToken, useBalance, method });
}

/** Cancels an unpaid order (its stock and any held balance are released). */
export function cancelOrder(orderNo: string, accessToken: string): Promise<PublicOrderView> {
  return request('POST', orderPathOf(orderNo) + '/cancel', { accessToken });
}

/** The signed-in user's reseller balance, or null when they have no (active) reseller account. */
export async function fetchOwnResellerBalance(): Promise<ResellerBalance | null> {
  try {
    return await request<ResellerBalance>('GET', '/api/reseller/balance');
  } catch (err) {
    if (isApiError(err) && (err.status === 401 || err.status === 403)) return null;
    throw err;
  }
}

/** The buyer is back from the cashier ("I have paid"): the server queries the channel. */
export function returnFromCashier(orderNo: string, token: string): Promise<unknown> {
  return request('POST', orderPathOf(orderNo) + '/return', { token });
}

export function lookupOrder(body: OrderLookupBody): Promise<OrderLookupResponse> {
  return request('POST', '/api/store/orders/lookup', body);
}

const TOKEN_PREFIX = 'kameng.order.';
const METHOD_PREFIX = 'kameng.order-method.';

function store(key: string, value: string): void {
  try {
    sessionStorage.setItem(key, value);
  } catch {
    // Storage unavailable (private mode): the URL still carries the value.
  }
}

function recall(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Keeps the order's access token for this tab so a reload without ?token= still works. */
export function rememberOrderToken(orderNo: string, token: string): void {
  store(TOKEN_PREFIX + orderNo, token);
}

export function recallOrderToken(orderNo: string): string | null {
  return recall(TOKEN_PREFIX + orderNo);
}

/** The payment method the buyer chose at checkout (the cashier starts the payment with it). */
export function rememberOrderMethod(orderNo: string, method: string): void {
  store(METHOD_PREFIX + orderNo, method);
}

export function recallOrderMethod(orderNo: string): string | null {
  return recall(METHOD_PREFIX + orderNo);
}
