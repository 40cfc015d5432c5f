import type { z } from 'zod';
import type {
  LoginBody,
  LoginResponse,
  Me,
  RegisterMerchantBody,
  SetupBody,
  mfaBody,
  setupStatus,
} from '@kameng/shared';
import { isApiError, rememberCsrfToken, rememberSession, request } from './client';

/** The signed-in user, or null when signed out (401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    const user = await request<Me>('GET', '/api/auth/me');
    rememberSession(user);
    return user;
  } catch (err) {
    if (isApiError(err) && err.status === 401) {
      rememberSession(null);
      return null;
    }
    throw err;
  }
}

/** Signs in with e-mail and password; may ask for a second factor. */
export async function login(body: LoginBody): Promise<LoginResponse> {
  const res = await request<LoginResponse>('POST', '/api/auth/login', body);
  if (res.status === 'ok') rememberSession(res.user);
  else rememberCsrfToken(res.csrfToken);
  return res;
}

/** Completes a sign-in with a TOTP or recovery code. */
export async function verifyMfa(body: z.input<typeof mfaBody>): Promise<{ user: Me }> {
  const res = await request<{ user: Me }>('POST', '/api/auth/2fa', body);
  rememberSession(res.user);
  return res;
}

/** Ends the session. */
export async function logout(): Promise<void> {
  await request<{ ok: true }>('POST', '/api/auth/logout');
  rememberSession(null);
}

/** Registers a merchant (入驻) and signs its owner in. */
export async function registerMerchant(body: RegisterMerchantBody): Promise<{ user: Me }> {
  const res = await request<{ user: Me }>('POST', '/api/auth/register-merchant', body);
  rememberSession(res.user);
  return res;
}

/** Whether the first platform admin still has to be created. */
export function fetchSetupStatus(): Promise<z.infer<typeof setupStatus>> {
  return request('GET', '/api/setup/status');
}

/** Creates the first platform admin and signs them in. */
export async function runSetup(body: SetupBody): Promise<{ user: Me }> {
  const res = await request<{ user: Me }>('POST', '/api/setup', body);
  rememberSession(res.user);
  return res;
}
