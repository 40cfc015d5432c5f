import { randomUUID } from 'node:crypto';
import { preparedInsert } from '../../db/prepared';
import type { Ctx } from '../../lib/ctx';
import { enqueue } from '../../jobs/define-job';
import { sealEmailBody, type EmailBody } from './email-body';
import { mailSettingsFromEnv } from './mailer';
import { emails } from './schema';
import { sendEmailJob } from './send-email-job';

/** One message to send. */
export interface QueueEmailInput {
  to: string;
  subject: string;
  body: EmailBody;
  /** Which template produced it ('delivery', …), for the outbox list. */
  template: string;
  orderId?: string | null;
}

/**
 * Writes the message (body encrypted) and its send job in ctx's transaction: the e-mail exists, and
 * will be sent, exactly when the change that caused it commits. With no SMTP configured it goes straight
 * to the admin's outbox, with no job (the admin can resend it once SMTP is set up). Returns its id.
 */
export async function queueEmail(ctx: Ctx, input: QueueEmailInput): Promise<string> {
  const id = randomUUID();
  const outbox = !mailSettingsFromEnv().smtpUrl;
  await insertEmail(ctx.db, {
    id,
    to: input.to,
    subject: input.subject,
    body: sealEmailBody(ctx.box, id, input.body),
    template: input.template,
    orderId: input.orderId ?? null,
    status: outbox ? 'outbox' : 'queued',
    createdAt: ctx.now(),
  });
  if (!outbox) await enqueue(ctx, sendEmailJob, { emailId: id }, { key: `email:${id}` });
  return id;
}

const insertEmail = preparedInsert('email_insert', emails);
