import { sql } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';

/**
 * Serialises the operations that add or remove a SKU's keys (imports, batch deletions) until the
 * transaction ends. Allocation does not take it: checkout never waits for an import.
 */
export async function lockSkuKeys(ctx: Ctx, skuId: string): Promise<void> {
  await ctx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${'kameng:sku-keys:' + skuId}, 0))`);
}
