import type { KeyBatch } from '@kameng/shared';
import type { keyBatches } from './schema';

/** A batch row as the API shows it, with its live remaining/sold counts. */
export function batchDto(
  row: typeof keyBatches.$inferSelect,
  live: { remaining: number; sold: number },
): KeyBatch {
  return {
    id: row.id,
    skuId: row.skuId,
    source: row.source,
    filename: row.filename,
    format: row.format,
    status: row.status,
    totalLines: row.totalLines,
    imported: row.imported,
    duplicatesInFile: row.duplicatesInFile,
    duplicatesExisting: row.duplicatesExisting,
    invalid: row.invalid,
    remaining: live.remaining,
    sold: live.sold,
    createdAt: row.createdAt.toISOString(),
  };
}
