import type { z } from 'zod';
import type {
  PriceQuote,
  StoreProduct,
  StoreProductCard,
  storeCategory,
  storeCategoryPage,
  storeHome,
} from '@kameng/shared';
import { query, request } from './client';

export type StoreCategory = z.infer<typeof storeCategory>;
export type StoreHome = z.infer<typeof storeHome>;
export type StoreCategoryPage = z.infer<typeof storeCategoryPage>;

export function fetchStoreHome(): Promise<StoreHome> {
  return request('GET', '/api/store/home');
}

export function fetchStoreCategory(
  categoryId: string,
  params: { limit?: number; offset?: number },
): Promise<StoreCategoryPage> {
  return request('GET', '/api/store/categories/' + encodeURIComponent(categoryId) + query(params));
}

export function searchStore(params: {
  q: string;
  limit?: number;
  offset?: number;
}): Promise<{ items: StoreProductCard[]; total: number }> {
  return request('GET', '/api/store/search' + query(params));
}

export function fetchStoreProduct(productId: string): Promise<StoreProduct> {
  return request('GET', '/api/store/products/' + encodeURIComponent(productId));
}

export function fetchPriceQuote(params: {
  skuId: string;
  quantity: number;
  coupon?: string;
}): Promise<PriceQuote> {
  return request('GET', '/api/store/price' + query(params));
}
