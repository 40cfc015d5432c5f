import { parseWebhookSignature, webhookSignedPayload, type ApiWebhookEvent } from '@kameng/shared';
import { KamengWebhookError } from './kameng-api-error';
import { hmacSha256Hex, timingSafeEqualString } from './web-crypto';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** What verifyWebhook checks. */
export interface VerifyWebhookInput {
  /** The RAW request body exactly as received (not re-serialised JSON). */
  payload: string | Uint8Array;
  /** The `Kameng-Signature` header: `t=<unix s>,v1=<hex>[,v1=<hex>]`. */
  header: string | null | undefined;
  /** The endpoint's signing secret; several while you rotate it on your side. */
  secret: string | readonly string[];
  /** How far the signature time may be from now, in seconds (default 300). */
  toleranceSeconds?: number;
  /** Clock in milliseconds (default Date.now), for tests. */
  now?: () => number;
}

/**
 * Verifies a webhook's `Kameng-Signature` (HMAC-SHA256 over `t + "." + raw body`, constant-time compare,
 * any of several `v1` values accepted while Kameng rotates the secret) and its age, then parses the
 * event. Throws KamengWebhookError when anything is off. De-duplicate on the returned `id`.
 */
export async function verifyWebhook(input: VerifyWebhookInput): Promise<ApiWebhookEvent> {
  if (!input.header)
    throw new KamengWebhookError('WEBHOOK_SIGNATURE_MISSING', 'Kameng-Signature header missing');
  const parsed = parseWebhookSignature(input.header);
  if (!parsed)
    throw new KamengWebhookError('WEBHOOK_SIGNATURE_MALFORMED', 'Kameng-Signature header malformed');

  const tolerance = input.toleranceSeconds ?? 300;
  const nowSeconds = Math.floor((input.now ?? Date.now)() / 1000);
  if (Math.abs(nowSeconds - parsed.t) > tolerance) {
    throw new KamengWebhookError(
      'WEBHOOK_TIMESTAMP_EXPIRED',
      'Webhook signature timestamp outside tolerance',
    );
  }

  let raw: string;
  try {
    raw = typeof input.payload === 'string' ? input.payload : decoder.decode(input.payload);
  } catch {
    throw new KamengWebhookError('WEBHOOK_PAYLOAD_INVALID', 'Webhook body is not UTF-8');
  }
  const signed = webhookSignedPayload(parsed.t, raw);
  const secrets = typeof input.secret === 'string' ? [input.secret] : input.secret;
  let match = false;
  for (const secret of secrets) {
    const expected = await hmacSha256Hex(secret, signed);
    // Check every candidate without stopping early: the time taken says nothing about which matched.
    for (const v1 of parsed.v1) match = timingSafeEqualString(expected, v1) || match;
  }
  if (!match) throw new KamengWebhookError('WEBHOOK_SIGNATURE_INVALID', 'Webhook signature does not match');

  let event: unknown;
  try {
    event = JSON.parse(raw);
  } catch {
    throw new KamengWebhookError('WEBHOOK_PAYLOAD_INVALID', 'Webhook body is not JSON');
  }
  // A light shape check only: new event types and fields must not break older receivers.
  const e = event as Partial<ApiWebhookEvent> | null;
  if (!e || typeof e !== 'object' || typeof e.id !== 'string' || typeof e.type !== 'string') {
    throw new KamengWebhookError('WEBHOOK_PAYLOAD_INVALID', 'Webhook body is not a Kameng event');
  }
  return e as ApiWebhookEvent;
}
