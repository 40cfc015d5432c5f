import { z } from 'zod';
import { merchantPermissions, merchantStatuses, roles } from '../permissions';
import { anyPassword, email, locale, mfaCode, newPassword } from './common';

export const merchantMembership = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(merchantStatuses),
  role: z.enum(['owner', 'staff']),
  permissions: z.array(z.enum(merchantPermissions)),
});

/** The signed-in user as the console sees it. */
export const me = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  locale,
  roles: z.array(z.enum(roles)),
  merchant: merchantMembership.nullable(),
  totpEnabled: z.boolean(),
  /** A platform admin without 2FA may only enrol until it is on. */
  mfaEnrolmentRequired: z.boolean(),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof me>;

export const loginBody = z.strictObject({ email, password: anyPassword });
export type LoginBody = z.infer<typeof loginBody>;

export const loginResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ok'), user: me }),
  /** The password was right; send the 2FA code with this CSRF token to /api/auth/2fa. */
  z.object({ status: z.literal('mfa_required'), csrfToken: z.string() }),
]);
export type LoginResponse = z.infer<typeof loginResponse>;

export const mfaBody = z.strictObject({ code: mfaCode });

export const setupStatus = z.object({ needsSetup: z.boolean() });

export const setupBody = z.strictObject({
  token: z.string().min(16).max(128),
  email,
  password: newPassword,
  displayName: z.string().trim().min(1).max(60),
});
export type SetupBody = z.infer<typeof setupBody>;

export const registerMerchantBody = z.strictObject({
  email,
  password: newPassword,
  displayName: z.string().trim().min(1).max(60),
  merchantName: z.string().trim().min(2).max(60),
  kind: z.enum(['individual', 'company']),
  contactPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 -]{5,20}$/)
    .optional(),
  acceptAgreement: z.boolean(),
  agreementVersion: z.string().min(1).max(20),
  locale: locale.optional(),
});
export type RegisterMerchantBody = z.infer<typeof registerMerchantBody>;

export const changePasswordBody = z.strictObject({ currentPassword: anyPassword, newPassword });

export const updateProfileBody = z.strictObject({
  displayName: z.string().trim().min(1).max(60).optional(),
  locale: locale.optional(),
});

export const totpSetupResponse = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrDataUrl: z.string(),
});
export type TotpSetup = z.infer<typeof totpSetupResponse>;

export const totpEnableBody = z.strictObject({ code: z.string().regex(/^\d{6}$/) });
export const totpEnableResponse = z.object({ recoveryCodes: z.array(z.string()) });

export const totpDisableBody = z.strictObject({ password: anyPassword, code: mfaCode });
