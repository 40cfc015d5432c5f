import { useQuery } from '@tanstack/react-query';
import { fetchMe } from './auth';
import { fetchSite } from './site';

/** Query keys used in more than one place. */
export const queryKeys = {
  me: ['me'] as const,
  site: ['site'] as const,
  merchantProfile: ['merchant', 'profile'] as const,
  staff: ['merchant', 'staff'] as const,
  adminMerchants: ['admin', 'merchants'] as const,
  audit: ['admin', 'audit'] as const,
  settings: ['admin', 'settings'] as const,
  categories: ['merchant', 'categories'] as const,
  products: ['merchant', 'products'] as const,
  product: (id: string) => ['merchant', 'product', id] as const,
  coupons: ['merchant', 'coupons'] as const,
  /** Everything about one SKU's keys: stock, batches, key pages. */
  skuKeys: (skuId: string) => ['merchant', 'sku', skuId] as const,
  stock: (skuId: string) => ['merchant', 'sku', skuId, 'stock'] as const,
  batches: (skuId: string) => ['merchant', 'sku', skuId, 'batches'] as const,
  keys: (skuId: string) => ['merchant', 'sku', skuId, 'keys'] as const,
  store: ['store'] as const,
  merchantOrders: ['merchant', 'orders'] as const,
  merchantOrder: (id: string) => ['merchant', 'orders', 'detail', id] as const,
  manualQueue: ['merchant', 'orders', 'manual'] as const,
  paymentChannels: ['admin', 'payments', 'channels'] as const,
  notifyLog: ['admin', 'payments', 'notifies'] as const,
  anomalies: ['admin', 'payments', 'anomalies'] as const,
  emails: ['admin', 'emails'] as const,
};

/** The signed-in user (null when signed out). */
export function useMe() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 60_000 });
}

/** Public site information. */
export function useSite() {
  return useQuery({ queryKey: queryKeys.site, queryFn: fetchSite, staleTime: 5 * 60_000 });
}

/** Finance query keys (merchant console and admin console). */
export const financeKeys = {
  /** Everything finance of the signed-in merchant (balance, statement, withdrawals …). */
  merchant: ['merchant', 'finance'] as const,
  balance: ['merchant', 'finance', 'balance'] as const,
  statement: ['merchant', 'finance', 'statement'] as const,
  payoutAccounts: ['merchant', 'finance', 'payout-accounts'] as const,
  withdrawals: ['merchant', 'finance', 'withdrawals'] as const,
  withdrawalRules: ['merchant', 'finance', 'withdrawal-rules'] as const,
  /** Everything finance in the admin console. */
  admin: ['admin', 'finance'] as const,
  overview: ['admin', 'finance', 'overview'] as const,
  queue: ['admin', 'finance', 'withdrawals'] as const,
  merchantLedger: (merchantId: string) => ['admin', 'finance', 'merchant', merchantId] as const,
  feeSchedules: ['admin', 'finance', 'fee-schedules'] as const,
  settings: ['admin', 'finance', 'settings'] as const,
  terms: (merchantId: string) => ['admin', 'finance', 'terms', merchantId] as const,
  resellers: ['admin', 'finance', 'resellers'] as const,
};
