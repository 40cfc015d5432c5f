import type { EmailSummary } from '@kameng/shared';
import { eq } from 'drizzle-orm';
import { enqueue } from '../../jobs/define-job';
import { AppError } from '../../lib/app-error';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { toEmailSummary } from './email-dto';
import { emails } from './schema';
import { sendEmailJob } from './send-email-job';

/**
 * Sends an e-mail again (admin): back to `queued` with a fresh attempt count and a new send job, in
 * one audited transaction. Works for sent, failed and outbox messages alike (e.g. after SMTP was set up).
 */
export async function resendEmail(ctx: Ctx, id: string): Promise<EmailSummary> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [before] = await tx.db.select().from(emails).where(eq(emails.id, id)).for('update');
    if (!before) throw new AppError('NOT_FOUND');
    const [row] = await tx.db
      .update(emails)
      .set({ status: 'queued', attempts: 0, sentAt: null })
      .where(eq(emails.id, id))
      .returning();
    await enqueue(tx, sendEmailJob, { emailId: id }, { key: `email:${id}` });
    await appendAudit(tx, {
      action: 'email.resend',
      targetType: 'email',
      targetId: id,
      data: { previousStatus: before.status, template: before.template },
    });
    return toEmailSummary(row!);
  });
}
