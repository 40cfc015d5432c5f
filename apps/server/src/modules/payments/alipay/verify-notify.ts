import type { AlipaySdk } from 'alipay-sdk';
import { normalizePublicKey } from './alipay-keys';

/**
 * Verifies an Alipay async notify (RSA2 over the sorted fields except sign and sign_type) with the
 * SDK's raw check (checkNotifySignV2: the form is already decoded, so no second URL-decoding that
 * would break on a `%` in a subject). Empty fields are left out, as Alipay signs only non-empty ones.
 * An empty or invalid key, a missing sign or a sign type other than RSA2 never verifies.
 */
export function verifyAlipayNotify(
  Sdk: typeof AlipaySdk,
  alipayPublicKey: string,
  fields: Record<string, string>,
): { ok: true; fields: Record<string, string> } | { ok: false; reason: string } {
  if (!alipayPublicKey.trim()) return { ok: false, reason: 'key_empty' };
  const key = normalizePublicKey(alipayPublicKey);
  if (!key) return { ok: false, reason: 'key_invalid' };
  if (!fields.sign) return { ok: false, reason: 'signature_missing' };
  if (fields.sign_type !== undefined && fields.sign_type !== 'RSA2')
    return { ok: false, reason: 'sign_type' };
  const signed = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(fields)) if (v !== '') signed[k] = v;
  // The SDK needs an app key to be built; verifying uses only Alipay's public key.
  const sdk = new Sdk({
    appId: 'notify',
    privateKey: 'unused',
    alipayPublicKey: key,
    signType: 'RSA2',
  });
  let ok = false;
  try {
    ok = sdk.checkNotifySignV2({ ...signed });
  } catch {
    ok = false;
  }
  return ok ? { ok: true, fields: signed } : { ok: false, reason: 'signature_invalid' };
}
