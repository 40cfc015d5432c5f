import { eq } from 'drizzle-orm';
import { withTx, type Ctx } from '../../lib/ctx';
import { openEmailBody } from './email-body';
import { mailTransport, type MailSettings } from './mailer';
import { emails } from './schema';

/** What nodemailer puts on a failed send (no credentials: it never echoes the URL). */
interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/** A rejection that retrying cannot fix: the server refused the recipient or the message (5xx). */
function isPermanent(err: SmtpError): boolean {
  return (err.code === 'EENVELOPE' || err.code === 'EMESSAGE') && (err.responseCode ?? 0) >= 500;
}

/** The error as stored for the admin: code, SMTP status, message; bounded. */
function describe(err: SmtpError): string {
  const head = [err.code, err.responseCode].filter(Boolean).join(' ');
  return `${head ? head + ': ' : ''}${err.message ?? 'send failed'}`.slice(0, 500);
}

/**
 * Sends one queued e-mail, exactly once however often the job runs: the row is locked (FOR UPDATE)
 * for the whole attempt and only a `queued` row is sent, so a concurrent or repeated run waits and
 * then finds it `sent`. Without SMTP the row becomes `outbox` (the admin console shows it). A failure
 * is recorded on the row and rethrown so the job retries with backoff; after `maxAttempts`, or on a
 * permanent 5xx rejection, the row is `failed` and the job stops.
 */
export async function sendEmail(
  ctx: Ctx,
  emailId: string,
  settings: MailSettings,
  maxAttempts: number,
): Promise<void> {
  let retry: Error | undefined;
  await withTx(ctx, async (tx) => {
    const [row] = await tx.db.select().from(emails).where(eq(emails.id, emailId)).for('update');
    if (!row || row.status !== 'queued') return;
    if (!settings.smtpUrl) {
      await tx.db.update(emails).set({ status: 'outbox' }).where(eq(emails.id, emailId));
      return;
    }
    const body = openEmailBody(tx.box, row.id, row.body);
    const attempts = row.attempts + 1;
    try {
      await mailTransport(settings.smtpUrl).sendMail({
        from: settings.from,
        to: row.to,
        subject: row.subject,
        text: body.text,
        ...(body.html ? { html: body.html } : {}),
        // Stable across attempts, so a receiver can drop the copy a crash after sending would cause.
        messageId: `<${row.id}@kameng.mail>`,
      });
    } catch (e) {
      const err = e as SmtpError;
      const status = isPermanent(err) || attempts >= maxAttempts ? 'failed' : 'queued';
      await tx.db
        .update(emails)
        .set({ attempts, status, lastError: describe(err) })
        .where(eq(emails.id, emailId));
      tx.log.warn(
        { emailId, attempts, code: err.code, responseCode: err.responseCode, status },
        'e-mail not sent',
      );
      if (status === 'queued')
        retry = new Error(`e-mail ${emailId} not sent (attempt ${attempts}), will retry`);
      return;
    }
    await tx.db
      .update(emails)
      .set({ attempts, status: 'sent', sentAt: tx.now(), lastError: null })
      .where(eq(emails.id, emailId));
    tx.log.info({ emailId, attempts }, 'e-mail sent');
  });
  if (retry) throw retry;
}
