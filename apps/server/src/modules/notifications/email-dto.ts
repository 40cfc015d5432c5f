import type { EmailSummary } from '@kameng/shared';
import type { emails } from './schema';

/** An e-mail row as the admin list shows it (never the body). */
export function toEmailSummary(row: typeof emails.$inferSelect): EmailSummary {
  return {
    id: row.id,
    to: row.to,
    subject: row.subject,
    template: row.template,
    orderId: row.orderId,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    sentAt: row.sentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
