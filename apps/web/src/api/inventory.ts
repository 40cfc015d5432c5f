import type { z } from 'zod';
import type {
  CardKey,
  KeyBatch,
  KeyImportOptions,
  KeyStatus,
  revealKeyResponse,
  stockInfo,
  voidKeysResponse,
} from '@kameng/shared';
import { query, request, requestFile, uploadForm, type DownloadedFile, type UploadProgress } from './client';

const id = (v: string) => encodeURIComponent(v);
const skuPath = (skuId: string) => '/api/merchant/skus/' + id(skuId);

export type StockInfo = z.infer<typeof stockInfo>;

/** Imports a .txt/.csv file of keys; the options go first so the server reads them before the file. */
export function importKeysFile(
  skuId: string,
  file: File,
  options: KeyImportOptions,
  onProgress?: (p: UploadProgress) => void,
): Promise<KeyBatch> {
  const form = new FormData();
  form.append('format', options.format);
  form.append('delimiter', options.delimiter);
  form.append('cardColumn', String(options.cardColumn));
  // An empty passwordColumn means "no password column".
  form.append('passwordColumn', options.passwordColumn === null ? '' : String(options.passwordColumn));
  form.append('header', String(options.header));
  form.append('file', file, file.name);
  return uploadForm(skuPath(skuId) + '/keys/import', form, onProgress);
}

/** Imports pasted keys. */
export function pasteKeys(skuId: string, body: KeyImportOptions & { text: string }): Promise<KeyBatch> {
  return request('POST', skuPath(skuId) + '/keys/paste', body);
}

export function fetchBatches(skuId: string): Promise<{ items: KeyBatch[] }> {
  return request('GET', skuPath(skuId) + '/batches');
}

/** URL of a batch's invalid lines (a text download; same-origin cookie auth). */
export function invalidLinesUrl(batchId: string): string {
  return '/api/merchant/key-batches/' + id(batchId) + '/invalid-lines';
}

export async function deleteBatch(batchId: string): Promise<void> {
  await request('DELETE', '/api/merchant/key-batches/' + id(batchId));
}

export interface KeyListParams {
  status?: KeyStatus;
  batchId?: string;
  from?: string;
  to?: string;
  before?: number;
  limit?: number;
}

export function fetchKeys(skuId: string, params: KeyListParams): Promise<{ items: CardKey[] }> {
  return request('GET', skuPath(skuId) + '/keys' + query({ ...params }));
}

/** Reveals one key (audited). */
export function revealKey(keyId: string): Promise<z.infer<typeof revealKeyResponse>> {
  return request('POST', '/api/merchant/keys/' + id(keyId) + '/reveal');
}

/** Exports available keys as a text file (re-authentication with the password; audited). */
export function exportKeys(
  skuId: string,
  body: { password: string; batchId?: string },
): Promise<DownloadedFile> {
  return requestFile('POST', skuPath(skuId) + '/keys/export', body);
}

export function voidKeys(skuId: string, ids: number[]): Promise<z.infer<typeof voidKeysResponse>> {
  return request('POST', skuPath(skuId) + '/keys/void', { ids });
}

export function fetchStock(skuId: string): Promise<StockInfo> {
  return request('GET', skuPath(skuId) + '/stock');
}
