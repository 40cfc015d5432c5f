import type { FeeSchedule, PutFeeScheduleBody } from '@kameng/shared';
import { asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { prepared } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { financeFeeSchedules } from './schema';

type Row = typeof financeFeeSchedules.$inferSelect;

const dto = (r: Row): FeeSchedule => ({
  channelId: r.channelId,
  name: r.name,
  rateBps: r.rateBps,
  fixedFen: r.fixedFen,
  bearer: r.bearer,
  updatedAt: r.updatedAt.toISOString(),
});

/** A channel's fee schedule, or undefined when none is configured. */
export async function findFeeSchedule(db: DbOrTx, channelId: string): Promise<FeeSchedule | undefined> {
  const [row] = await feeScheduleOf(db, { channelId });
  return row && dto(row);
}

/** Every channel's fee schedule (admin). */
export async function listFeeSchedules(ctx: Ctx): Promise<FeeSchedule[]> {
  requireAdmin(ctx);
  const rows = await ctx.db.select().from(financeFeeSchedules).orderBy(asc(financeFeeSchedules.channelId));
  return rows.map(dto);
}

/** Creates or replaces a channel's fee schedule (admin); audited with before and after. */
export async function putFeeSchedule(
  ctx: Ctx,
  channelId: string,
  body: PutFeeScheduleBody,
): Promise<FeeSchedule> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const before = await findFeeSchedule(tx.db, channelId);
    const [row] = await tx.db
      .insert(financeFeeSchedules)
      .values({ channelId, ...body })
      .onConflictDoUpdate({ target: financeFeeSchedules.channelId, set: { ...body, updatedAt: sql`now()` } })
      .returning();
    const after = dto(row!);
    await appendAudit(tx, {
      action: 'finance.fee_schedule.put',
      targetType: 'payment_channel',
      targetId: channelId,
      data: { before: before ?? null, after },
    });
    return after;
  });
}

/** Removes a channel's fee schedule (admin); later payments on it carry no channel fee. Audited. */
export async function deleteFeeSchedule(ctx: Ctx, channelId: string): Promise<void> {
  requireAdmin(ctx);
  await withTx(ctx, async (tx) => {
    const [row] = await tx.db
      .delete(financeFeeSchedules)
      .where(eq(financeFeeSchedules.channelId, channelId))
      .returning();
    if (!row) throw new AppError('NOT_FOUND');
    await appendAudit(tx, {
      action: 'finance.fee_schedule.delete',
      targetType: 'payment_channel',
      targetId: channelId,
      data: { before: dto(row) },
    });
  });
}

const feeScheduleOf = prepared('fee_schedule_of_channel', (db) =>
  db
    .select()
    .from(financeFeeSchedules)
    .where(eq(financeFeeSchedules.channelId, sql.placeholder('channelId'))),
);
