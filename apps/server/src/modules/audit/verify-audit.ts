import type { AuditVerifyResult } from '@kameng/shared';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { auditHash } from './append-audit';
import { auditLog } from './schema';

const BATCH = 2000;

/**
 * Walks a chain from its first entry, recomputing every hash and link, and reports the first
 * entry that does not match (an edited row breaks its own hash; a deleted or inserted one, the link).
 */
export async function verifyAudit(db: DbOrTx, chain = 'audit'): Promise<AuditVerifyResult> {
  let prev: Buffer = Buffer.alloc(32);
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.chain, chain), gt(auditLog.id, afterId)))
      .orderBy(asc(auditLog.id))
      .limit(BATCH);
    for (const row of rows) {
      if (!row.prevHash.equals(prev)) return broken(checked, row.id, 'link_mismatch');
      if (!auditHash(row).equals(row.hash)) return broken(checked, row.id, 'hash_mismatch');
      prev = row.hash;
      checked++;
    }
    if (rows.length < BATCH) return { ok: true, checked, firstBrokenId: null, reason: null };
    afterId = rows[rows.length - 1]!.id;
  }
}

function broken(checked: number, id: number, reason: 'hash_mismatch' | 'link_mismatch'): AuditVerifyResult {
  return { ok: false, checked, firstBrokenId: String(id), reason };
}
