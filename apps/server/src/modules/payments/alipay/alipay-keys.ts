import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** Tries each parser in turn; the first RSA key wins. */
function firstRsa(attempts: (() => KeyObject)[]): KeyObject | null {
  for (const attempt of attempts) {
    try {
      const key = attempt();
      if (key.asymmetricKeyType === 'rsa') return key;
    } catch {
      // not this format: try the next one
    }
  }
  return null;
}

/** Base64 DER from a bare key pasted from the Alipay console (line breaks and spaces removed). */
function bareDer(input: string): Buffer | null {
  const b64 = input.replace(/\s+/g, '');
  if (!b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return null;
  return Buffer.from(b64, 'base64');
}

/**
 * The app's RSA private key as PKCS#8 PEM, from what the operator pasted: PKCS#8 or PKCS#1, PEM or
 * bare base64 (the Alipay key tool prints bare base64). Null when it is not an RSA private key.
 */
export function normalizePrivateKey(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  const key = text.includes('-----BEGIN')
    ? firstRsa([() => createPrivateKey(text)])
    : firstRsa(
        (['pkcs8', 'pkcs1'] as const).map((type) => () => {
          const der = bareDer(text);
          if (!der) throw new Error('not base64');
          return createPrivateKey({ key: der, format: 'der', type });
        }),
      );
  return key ? key.export({ format: 'pem', type: 'pkcs8' }).toString() : null;
}

/**
 * Alipay's RSA public key as SPKI PEM, from PEM (PUBLIC KEY or RSA PUBLIC KEY) or bare base64.
 * Null when it is not an RSA public key (a pasted private key is refused, not turned into one).
 */
export function normalizePublicKey(input: string): string | null {
  const text = input.trim();
  // createPublicKey would happily derive the public half of a private key pasted by mistake.
  if (!text || text.includes('PRIVATE KEY') || normalizePrivateKey(text)) return null;
  const key = text.includes('-----BEGIN')
    ? firstRsa([() => createPublicKey(text)])
    : firstRsa(
        (['spki', 'pkcs1'] as const).map((type) => () => {
          const der = bareDer(text);
          if (!der) throw new Error('not base64');
          return createPublicKey({ key: der, format: 'der', type });
        }),
      );
  return key ? key.export({ format: 'pem', type: 'spki' }).toString() : null;
}
