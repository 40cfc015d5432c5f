import { z } from 'zod';

const isoDate = z.iso.datetime({ offset: true });

export const emailStatuses = ['queued', 'sent', 'failed', 'outbox'] as const;
/** queued: waiting for (another) attempt; sent; failed: gave up; outbox: no SMTP configured, kept here. */
export const emailStatus = z.enum(emailStatuses);
export type EmailStatus = z.infer<typeof emailStatus>;

/** GET /api/admin/emails: newest first, keyset-paged by `before` (an e-mail's createdAt). */
export const emailListQuery = z.strictObject({
  status: emailStatus.optional(),
  orderId: z.uuid().optional(),
  before: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type EmailListQuery = z.infer<typeof emailListQuery>;

/** One outgoing e-mail in the admin outbox list (no body: it may carry card keys). */
export const emailSummary = z.object({
  id: z.uuid(),
  to: z.string(),
  subject: z.string(),
  template: z.string(),
  orderId: z.uuid().nullable(),
  status: emailStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: isoDate.nullable(),
  createdAt: isoDate,
});
export type EmailSummary = z.infer<typeof emailSummary>;

export const emailList = z.object({ items: z.array(emailSummary) });
export type EmailList = z.infer<typeof emailList>;

/** GET /api/admin/emails/:id: the message with its body decrypted (the view is audited). */
export const emailDetail = emailSummary.extend({
  text: z.string(),
  html: z.string().nullable(),
});
export type EmailDetail = z.infer<typeof emailDetail>;
