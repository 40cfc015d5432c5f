import { z } from 'zod';
import { locale } from './common';

export const auditEntry = z.object({
  id: z.string(),
  at: z.iso.datetime({ offset: true }),
  actorUserId: z.uuid().nullable(),
  actorEmail: z.string().nullable(),
  merchantId: z.uuid().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditListQuery = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  action: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditVerifyResult = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first entry whose stored hash or link does not match, when the chain is broken. */
  firstBrokenId: z.string().nullable(),
  reason: z.enum(['hash_mismatch', 'link_mismatch']).nullable(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifyResult>;

export const platformSettings = z.object({
  siteName: z.string(),
  defaultLocale: locale,
});
export type PlatformSettings = z.infer<typeof platformSettings>;

export const updatePlatformSettingsBody = z.strictObject({
  siteName: z.string().trim().min(1).max(60).optional(),
  defaultLocale: locale.optional(),
});
