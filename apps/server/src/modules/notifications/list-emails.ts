import type { EmailListQuery, EmailSummary } from '@kameng/shared';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { requireAdmin, type Ctx } from '../../lib/ctx';
import { toEmailSummary } from './email-dto';
import { emails } from './schema';

/** The platform's outgoing e-mail, newest first, optionally by status or order (admin). */
export async function listEmails(ctx: Ctx, q: EmailListQuery): Promise<EmailSummary[]> {
  requireAdmin(ctx);
  const where: SQL[] = [];
  if (q.status) where.push(eq(emails.status, q.status));
  if (q.orderId) where.push(eq(emails.orderId, q.orderId));
  if (q.before) where.push(lt(emails.createdAt, new Date(q.before)));
  const rows = await ctx.db
    .select()
    .from(emails)
    .where(and(...where))
    .orderBy(desc(emails.createdAt), desc(emails.id))
    .limit(q.limit);
  return rows.map(toEmailSummary);
}
