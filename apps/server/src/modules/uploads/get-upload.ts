import { and, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { uploads } from './schema';

/** Throws NOT_FOUND unless `id` is an upload of `merchantId` (products may only show their own images). */
export async function assertOwnUpload(ctx: Ctx, merchantId: string, id: string): Promise<void> {
  const [row] = await ctx.db
    .select({ id: uploads.id })
    .from(uploads)
    .where(and(eq(uploads.id, id), eq(uploads.merchantId, merchantId)));
  if (!row) throw new AppError('NOT_FOUND', { uploadId: id });
}

/** An uploaded image's bytes and type, for anyone (covers are public); NOT_FOUND when unknown. */
export async function getUpload(ctx: Ctx, id: string): Promise<{ mime: string; bytes: Buffer }> {
  const [row] = await ctx.db
    .select({ mime: uploads.mime, bytes: uploads.bytes })
    .from(uploads)
    .where(eq(uploads.id, id));
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}
