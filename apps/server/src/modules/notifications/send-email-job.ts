import { z } from 'zod';
import { defineJob } from '../../jobs/define-job';
import { mailSettingsFromEnv, type MailSettings } from './mailer';
import { sendEmail } from './send-email';

/** Attempts per message before it is left `failed` for the admin (backoff: exp(attempt) seconds). */
export const SEND_EMAIL_ATTEMPTS = 8;

/** The send job bound to explicit mail settings (tests point it at their own SMTP server). */
export function sendEmailJobWith(settings: () => MailSettings) {
  return defineJob({
    name: 'notifications:send_email',
    payload: z.object({ emailId: z.uuid() }),
    maxAttempts: SEND_EMAIL_ATTEMPTS,
    handler: async (ctx, { emailId }) => {
      await sendEmail(ctx, emailId, settings(), SEND_EMAIL_ATTEMPTS);
    },
  });
}

/** Sends one queued e-mail with the process's SMTP settings (SMTP_URL, MAIL_FROM). */
export const sendEmailJob = sendEmailJobWith(mailSettingsFromEnv);
