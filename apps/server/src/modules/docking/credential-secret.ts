import type { ApiMode } from '@kameng/shared';
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '../../lib/crypto';

/** A new AppKey: `kmk_live_…` or `kmk_test_…` plus 128 random bits (public: it names the credential). */
export function newAppKey(mode: ApiMode): string {
  return `kmk_${mode === 'live' ? 'live' : 'test'}_${randomBytes(16).toString('hex')}`;
}

/** A new AppSecret: 32 random bytes, base64url (43 characters). */
export function newAppSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The associated data binding an encrypted secret to its credential row (current and previous alike). */
export const secretAad = (credentialId: string) => `api-secret:${credentialId}`;

/** Encrypts a credential's secret for storage. */
export function sealSecret(box: SecretBox, credentialId: string, secret: string): Buffer {
  return box.encrypt(secret, secretAad(credentialId));
}

/** Decrypts a stored credential secret (the HMAC key). */
export function openSecret(box: SecretBox, credentialId: string, sealed: Buffer): string {
  return box.decryptText(sealed, secretAad(credentialId));
}
