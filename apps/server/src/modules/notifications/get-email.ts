import type { EmailDetail } from '@kameng/shared';
import { eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireAdmin, withTx, type Ctx } from '../../lib/ctx';
import { appendAudit } from '../audit/append-audit';
import { toEmailSummary } from './email-dto';
import { openEmailBody } from './email-body';
import { emails } from './schema';

/**
 * One e-mail with its body decrypted (admin). Delivery e-mails carry card keys, so every view is
 * recorded in the audit log ('email.view') in the same transaction as the read.
 */
export async function getEmail(ctx: Ctx, id: string): Promise<EmailDetail> {
  requireAdmin(ctx);
  return withTx(ctx, async (tx) => {
    const [row] = await tx.db.select().from(emails).where(eq(emails.id, id));
    if (!row) throw new AppError('NOT_FOUND');
    const body = openEmailBody(tx.box, row.id, row.body);
    await appendAudit(tx, {
      action: 'email.view',
      targetType: 'email',
      targetId: row.id,
      data: { template: row.template, orderId: row.orderId },
    });
    return { ...toEmailSummary(row), text: body.text, html: body.html };
  });
}
