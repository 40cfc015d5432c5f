/** Merchant console: orders list, detail (timeline + notifies), manual queue, delivery, refunds, payment anomalies. */
import type { z } from 'zod';
import type {
  ManualQueue,
  MerchantAnomalyList,
  MerchantAnomalyListQuery,
  MerchantOrderDetail,
  MerchantOrderList,
  MerchantOrderListQuery,
  RefundOrderBody,
  deliverOrderBody,
  replaceKeysBody,
} from '@kameng/shared';
import { query, request } from './client';

export type DeliverOrderBody = z.infer<typeof deliverOrderBody>;
export type ReplaceKeysBody = z.infer<typeof replaceKeysBody>;

const base = '/api/merchant/orders';
const one = (id: string) => base + '/' + encodeURIComponent(id);

export function fetchMerchantOrders(params: Partial<MerchantOrderListQuery>): Promise<MerchantOrderList> {
  return request('GET', base + query(params));
}

export function fetchMerchantOrder(id: string): Promise<MerchantOrderDetail> {
  return request('GET', one(id));
}

export function fetchManualQueue(): Promise<ManualQueue> {
  return request('GET', '/api/merchant/manual-queue');
}

/** The payment anomalies of the merchant's own orders, newest first. */
export function fetchMerchantAnomalies(
  params: Partial<MerchantAnomalyListQuery>,
): Promise<MerchantAnomalyList> {
  return request('GET', '/api/merchant/payment-anomalies' + query(params));
}

export function deliverOrder(id: string, body: DeliverOrderBody): Promise<unknown> {
  return request('POST', one(id) + '/deliver', body);
}

export function replaceKeys(id: string, body: ReplaceKeysBody): Promise<unknown> {
  return request('POST', one(id) + '/replace-keys', body);
}

export function refundOrder(id: string, body: RefundOrderBody): Promise<unknown> {
  return request('POST', one(id) + '/refund', body);
}
