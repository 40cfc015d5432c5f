import { fileTypeFromBuffer } from 'file-type';
import type { z } from 'zod';
import type { uploadResponse } from '@kameng/shared';
import { AppError } from '../../lib/app-error';
import { tenantOf, type Ctx } from '../../lib/ctx';
import { sha256 } from '../../lib/crypto';
import { uploads } from './schema';

/** Largest image accepted (2 MB). */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

/** Image types accepted, decided from the file's magic bytes, never from its name or declared type. */
export const ALLOWED_IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
]);

/** Stores an image for the merchant: ≤ 2 MB (UPLOAD_TOO_LARGE), PNG/JPEG/WebP/GIF by content (UPLOAD_TYPE_NOT_ALLOWED). */
export async function createUpload(ctx: Ctx, bytes: Buffer): Promise<z.infer<typeof uploadResponse>> {
  const merchantId = tenantOf(ctx, 'catalog.write');
  if (bytes.length > MAX_UPLOAD_BYTES) throw new AppError('UPLOAD_TOO_LARGE', { max: MAX_UPLOAD_BYTES });
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !ALLOWED_IMAGE_TYPES.has(type.mime)) {
    throw new AppError('UPLOAD_TYPE_NOT_ALLOWED', { detected: type?.mime ?? null });
  }
  const [row] = await ctx.db
    .insert(uploads)
    .values({ merchantId, mime: type.mime, size: bytes.length, sha256: sha256(bytes), bytes })
    .returning({ id: uploads.id });
  return { id: row!.id, url: `/api/uploads/${row!.id}`, mime: type.mime, size: bytes.length };
}
