import type { z } from 'zod';
import type {
  Me,
  TotpSetup,
  changePasswordBody,
  totpDisableBody,
  totpEnableBody,
  totpEnableResponse,
  updateProfileBody,
} from '@kameng/shared';
import { rememberSession, request } from './client';

/** Changes the signed-in user's password. */
export async function changePassword(body: z.input<typeof changePasswordBody>): Promise<void> {
  await request('POST', '/api/account/password', body);
}

/** Updates display name or preferred locale. */
export async function updateProfile(body: z.input<typeof updateProfileBody>): Promise<{ user: Me }> {
  const res = await request<{ user: Me }>('PATCH', '/api/account/profile', body);
  rememberSession(res.user);
  return res;
}

/** Starts TOTP enrolment: a new secret and its QR code. */
export function startTotpSetup(): Promise<TotpSetup> {
  return request('POST', '/api/account/2fa/setup');
}

/** Confirms TOTP enrolment with a first code; returns the one-time recovery codes. */
export function enableTotp(
  body: z.input<typeof totpEnableBody>,
): Promise<z.infer<typeof totpEnableResponse>> {
  return request('POST', '/api/account/2fa/enable', body);
}

/** Turns TOTP off (not allowed for platform admins). */
export async function disableTotp(body: z.input<typeof totpDisableBody>): Promise<void> {
  await request('POST', '/api/account/2fa/disable', body);
}
