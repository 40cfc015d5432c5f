import type { z } from 'zod';
import type {
  Category,
  Coupon,
  Product,
  ProductStatus,
  ProductSummary,
  createCategoryBody,
  createCouponBody,
  createProductBody,
  updateCategoryBody,
  uploadResponse,
} from '@kameng/shared';
import { query, request, uploadForm, type UploadProgress } from './client';

const id = (v: string) => encodeURIComponent(v);

/** The merchant's categories, flat (parentId links them into a tree). */
export function fetchCategories(): Promise<{ items: Category[] }> {
  return request('GET', '/api/merchant/categories');
}

export function createCategory(body: z.input<typeof createCategoryBody>): Promise<Category> {
  return request('POST', '/api/merchant/categories', body);
}

export function updateCategory(
  categoryId: string,
  body: z.input<typeof updateCategoryBody>,
): Promise<Category> {
  return request('PATCH', '/api/merchant/categories/' + id(categoryId), body);
}

/** Deletes an empty category (CATEGORY_NOT_EMPTY otherwise). */
export async function deleteCategory(categoryId: string): Promise<void> {
  await request('DELETE', '/api/merchant/categories/' + id(categoryId));
}

export interface ProductListParams {
  q?: string;
  status?: ProductStatus;
  categoryId?: string;
  limit?: number;
  offset?: number;
}

export function fetchProducts(
  params: ProductListParams,
): Promise<{ items: ProductSummary[]; total: number }> {
  return request('GET', '/api/merchant/products' + query({ ...params }));
}

export function fetchProduct(productId: string): Promise<Product> {
  return request('GET', '/api/merchant/products/' + id(productId));
}

export type ProductBody = z.input<typeof createProductBody>;

export function createProduct(body: ProductBody): Promise<Product> {
  return request('POST', '/api/merchant/products', body);
}

/** Full replacement: SKUs with an id are updated, without one added, omitted ones archived. */
export function updateProduct(productId: string, body: ProductBody): Promise<Product> {
  return request('PUT', '/api/merchant/products/' + id(productId), body);
}

/** Server-side Markdown rendering (sanitised HTML), for the editor's preview. */
export function renderMarkdown(markdown: string): Promise<{ html: string }> {
  return request('POST', '/api/merchant/render-markdown', { markdown });
}

export type UploadResponse = z.infer<typeof uploadResponse>;

/** Uploads an image (PNG/JPEG/WebP/GIF ≤ 2 MB). */
export function uploadImage(file: File, onProgress?: (p: UploadProgress) => void): Promise<UploadResponse> {
  const form = new FormData();
  form.append('file', file, file.name);
  return uploadForm('/api/merchant/uploads', form, onProgress);
}

export function fetchCoupons(): Promise<{ items: Coupon[] }> {
  return request('GET', '/api/merchant/coupons');
}

export type CouponBody = z.input<typeof createCouponBody>;

export function createCoupon(body: CouponBody): Promise<Coupon> {
  return request('POST', '/api/merchant/coupons', body);
}

export function updateCoupon(couponId: string, body: CouponBody): Promise<Coupon> {
  return request('PUT', '/api/merchant/coupons/' + id(couponId), body);
}

export async function deleteCoupon(couponId: string): Promise<void> {
  await request('DELETE', '/api/merchant/coupons/' + id(couponId));
}
