import { z } from 'zod';

/** An e-mail address, trimmed and lower-cased. */
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ error: 'invalid e-mail' }));

/** A new password: length only (NIST 800-63B); the server also refuses the e-mail itself. */
export const newPassword = z.string().min(10).max(200);

/** Any password being checked (never reveal the policy on sign-in). */
export const anyPassword = z.string().min(1).max(200);

export const uuid = z.uuid();

export const idParams = z.strictObject({ id: z.uuid() });

export const locale = z.enum(['zh-CN', 'en']);

/** A six-digit TOTP code or a recovery code (xxxxx-xxxxx). */
export const mfaCode = z
  .string()
  .trim()
  .min(6)
  .max(32)
  .regex(/^[0-9a-zA-Z-]+$/);

export const okResponse = z.object({ ok: z.literal(true) });

export const errorResponse = z.object({
  code: z.string(),
  message: z.string(),
  request_id: z.string(),
  details: z.unknown().optional(),
});
