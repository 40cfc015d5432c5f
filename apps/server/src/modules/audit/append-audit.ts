import canonicalize from 'canonicalize';
import { desc, eq, sql } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';
import { sha256 } from '../../lib/crypto';
import { auditLog } from './schema';

/** What a caller says about a privileged action; who, when, where come from ctx. */
export interface AuditInput {
  action: string;
  targetType?: string;
  targetId?: string;
  merchantId?: string | null;
  data?: Record<string, unknown>;
  chain?: string;
}

type AuditRow = typeof auditLog.$inferSelect;

const GENESIS = Buffer.alloc(32);

/** The hash of a row: SHA-256 over its predecessor's hash and the canonical JSON (RFC 8785) of its fields. */
export function auditHash(row: Omit<AuditRow, 'hash'>): Buffer {
  const body = canonicalize({
    id: row.id,
    chain: row.chain,
    at: row.at.toISOString(),
    actorUserId: row.actorUserId,
    actorEmail: row.actorEmail,
    merchantId: row.merchantId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    requestId: row.requestId,
    data: row.data,
  });
  return sha256(Buffer.concat([row.prevHash, Buffer.from(body ?? '')]));
}

/**
 * Appends an entry in ctx's transaction, so it commits or rolls back with the action it records.
 * Appends to one chain are serialised by a transaction-scoped advisory lock.
 */
export async function appendAudit(ctx: Ctx, input: AuditInput): Promise<void> {
  const chain = input.chain ?? 'audit';
  await ctx.db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${'kameng:chain:' + chain}, 0))`);
  const [last] = await ctx.db
    .select({ hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.chain, chain))
    .orderBy(desc(auditLog.id))
    .limit(1);
  const idRes = await ctx.db.execute<{ id: number }>(
    sql`SELECT nextval(pg_get_serial_sequence('audit_log', 'id'))::int8 AS id`,
  );
  const actor = ctx.actor;
  const row: Omit<AuditRow, 'hash'> = {
    id: idRes.rows[0]!.id,
    chain,
    at: new Date(Math.floor(ctx.now().getTime())),
    actorUserId: actor.kind === 'user' ? actor.userId : null,
    actorEmail: actor.kind === 'user' ? actor.email : actor.kind === 'system' ? `system:${actor.name}` : null,
    merchantId: input.merchantId ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    ip: ctx.ip ?? null,
    requestId: ctx.requestId ?? null,
    data: input.data ?? {},
    prevHash: last?.hash ?? GENESIS,
  };
  await ctx.db.insert(auditLog).values({ ...row, hash: auditHash(row) });
}
