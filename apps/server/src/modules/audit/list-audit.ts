import type { AuditEntry } from '@kameng/shared';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { requireAdmin, type Ctx } from '../../lib/ctx';
import { auditLog } from './schema';

/** The newest audit entries first, keyset-paginated by id (admin only). */
export async function listAudit(
  ctx: Ctx,
  q: { before?: number | undefined; action?: string | undefined; limit: number },
): Promise<AuditEntry[]> {
  requireAdmin(ctx);
  const where: SQL[] = [eq(auditLog.chain, 'audit')];
  if (q.before) where.push(lt(auditLog.id, q.before));
  if (q.action) where.push(eq(auditLog.action, q.action));
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(q.limit);
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at.toISOString(),
    actorUserId: r.actorUserId,
    actorEmail: r.actorEmail,
    merchantId: r.merchantId,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    ip: r.ip,
    requestId: r.requestId,
    data: r.data,
    hash: r.hash.toString('hex'),
  }));
}
