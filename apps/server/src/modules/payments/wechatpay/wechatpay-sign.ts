import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  randomBytes,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';

/** The only authorization scheme of API v3 (RSA keys). */
export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
/** How far a signed timestamp (answer or notify) may be from our clock, in seconds. */
export const MAX_SKEW_S = 300;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict standard base64 (no whitespace, no URL alphabet), non-empty; null otherwise. */
export function strictBase64(value: string): Buffer | null {
  return value.length > 0 && BASE64.test(value) ? Buffer.from(value, 'base64') : null;
}

/** Re-wraps a PEM pasted on one line, or bare base64, into a PEM with the given label. */
function pem(text: string, label: string): string {
  const t = text.trim();
  const m = /^-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----$/.exec(t);
  const kind = m ? m[1]! : label;
  const body = (m ? m[2]! : t).replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${kind}-----\n${lines.join('\n')}\n-----END ${kind}-----\n`;
}

/** The merchant API private key (PKCS#8 PEM as downloaded, `apiclient_key.pem`). Throws when unusable. */
export function loadPrivateKey(text: string): KeyObject {
  if (!text.trim()) throw new Error('wechatpay: privateKey is empty');
  return createPrivateKey(pem(text, 'PRIVATE KEY'));
}

/**
 * The platform key: the 微信支付公钥 (`-----BEGIN PUBLIC KEY-----`) or a platform certificate
 * (`-----BEGIN CERTIFICATE-----`). Null when empty or unusable: it then verifies nothing.
 */
export function loadPublicKey(text: string): KeyObject | null {
  if (!text.trim()) return null;
  try {
    const p = pem(text, 'PUBLIC KEY');
    const key = p.startsWith('-----BEGIN CERTIFICATE-----')
      ? new X509Certificate(p).publicKey
      : createPublicKey(p);
    return key.asymmetricKeyType === 'rsa' ? key : null;
  } catch {
    return null;
  }
}

/** The request message the merchant signs: `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n` (URL = path + query). */
export function requestMessage(
  method: string,
  pathAndQuery: string,
  timestamp: string,
  nonce: string,
  body: string,
): string {
  return `${method}\n${pathAndQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The message WeChat Pay signs in answers and notifies: `TIMESTAMP\nNONCE\nBODY\n`. */
export function answerMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

/** Base64 SHA256withRSA (PKCS#1 v1.5) of a message. */
export function rsaSign(message: string, key: KeyObject): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(key, 'base64');
}

/** Verifies a base64 SHA256withRSA signature; false on any malformed input. */
export function rsaVerify(message: string, signature: string, key: KeyObject): boolean {
  const sig = strictBase64(signature);
  if (!sig) return false;
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(key, sig);
  } catch {
    return false;
  }
}

/** A 32-character alphanumeric nonce, as the official SDKs make. */
export function newNonce(): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return Array.from(randomBytes(32), (b) => abc[b % abc.length]).join('');
}

/** The `Authorization` header value of one API v3 request. */
export function authorization(
  m: { mchId: string; serialNo: string; privateKey: KeyObject },
  req: { method: string; pathAndQuery: string; body: string },
  timestamp = String(Math.floor(Date.now() / 1000)),
  nonce = newNonce(),
): string {
  const signature = rsaSign(
    requestMessage(req.method, req.pathAndQuery, timestamp, nonce, req.body),
    m.privateKey,
  );
  return `${AUTH_SCHEMA} mchid="${m.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${m.serialNo}"`;
}

/** The fields of an Authorization header, or null when it is not exactly the v3 scheme. */
export function parseAuthorization(header: string): Record<string, string> | null {
  if (!header.startsWith(`${AUTH_SCHEMA} `)) return null;
  const out = Object.create(null) as Record<string, string>;
  for (const part of header.slice(AUTH_SCHEMA.length + 1).split(',')) {
    const m = /^\s*([a-z_]+)="([^"]*)"\s*$/.exec(part);
    if (!m || Object.hasOwn(out, m[1]!)) return null;
    out[m[1]!] = m[2]!;
  }
  for (const k of ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no']) if (!out[k]) return null;
  return out;
}

/** The four signature headers of an answer or a notify. */
export interface SignedHeaders {
  timestamp: unknown;
  nonce: unknown;
  signature: unknown;
  serial: unknown;
}

/** What the platform signature is checked against: the channel's platform key and its serial / ID. */
export interface PlatformKey {
  serial: string;
  key: KeyObject | null;
}

/**
 * Verifies WeChat Pay's signature on an answer or a notify body. Returns null when it holds, else a
 * reason: every header a single string, the serial the channel's own, the timestamp within five
 * minutes, the RSA signature over `TIMESTAMP\nNONCE\nBODY\n`.
 */
export function verifyPlatformSignature(
  h: SignedHeaders,
  body: string,
  platform: PlatformKey,
  nowS = Math.floor(Date.now() / 1000),
): string | null {
  if (!platform.key || !platform.serial) return 'key_empty';
  const { timestamp, nonce, signature, serial } = h;
  if (
    typeof timestamp !== 'string' ||
    typeof nonce !== 'string' ||
    typeof signature !== 'string' ||
    typeof serial !== 'string'
  ) {
    return 'header_types';
  }
  if (!/^\d{1,12}$/.test(timestamp) || !nonce || !signature) return 'header_malformed';
  if (Math.abs(nowS - Number(timestamp)) > MAX_SKEW_S) return 'timestamp_expired';
  if (serial !== platform.serial) return 'serial_mismatch';
  return rsaVerify(answerMessage(timestamp, nonce, body), signature, platform.key)
    ? null
    : 'signature_invalid';
}

/** An encrypted `resource` as it appears in a notify. */
export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
  original_type: string;
}

/** True when the APIv3 key is usable: exactly 32 bytes. */
export function isApiV3Key(key: string): boolean {
  return Buffer.byteLength(key, 'utf8') === 32;
}

/**
 * AEAD_AES_256_GCM decryption of a resource with the APIv3 key: ciphertext is base64 of
 * encrypted||16-byte tag, nonce and associated_data are UTF-8 strings. Null on any failure.
 */
export function decryptResource(
  apiV3Key: string,
  r: { ciphertext: string; nonce: string; associated_data: string },
): string | null {
  if (!isApiV3Key(apiV3Key) || !r.nonce) return null;
  const data = strictBase64(r.ciphertext);
  if (!data || data.length <= 16) return null;
  try {
    const d = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(r.nonce, 'utf8'), {
      authTagLength: 16,
    });
    d.setAAD(Buffer.from(r.associated_data, 'utf8'));
    d.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** The inverse of decryptResource (WeChat Pay's side: the fake gateway and the tests). */
export function encryptResource(
  apiV3Key: string,
  plaintext: string,
  associatedData = 'transaction',
  nonce = newNonce().slice(0, 12),
): EncryptedResource {
  const c = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'), {
    authTagLength: 16,
  });
  c.setAAD(Buffer.from(associatedData, 'utf8'));
  const enc = Buffer.concat([c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: enc.toString('base64'),
    associated_data: associatedData,
    nonce,
    original_type: 'transaction',
  };
}
