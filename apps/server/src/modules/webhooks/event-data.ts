import type { ApiMode, ApiVersion, ApiWebhookEvent } from '@kameng/shared';
import type { SecretBox } from '../../lib/crypto';

/**
 * Event data at rest. An order's data carries its delivery (card keys, delivered text): such data is
 * stored encrypted (aad `webhook-event:<id>`) as `{ $sealed: <base64> }`, like every other copy of a
 * key; other data is stored as is, so it can be searched and read in the database.
 */
const SEALED = '$sealed';

/** True when the data holds goods delivered to the buyer. */
function carriesDelivery(data: Record<string, unknown>): boolean {
  const order = data.order as { delivery?: unknown } | null | undefined;
  return !!order && typeof order === 'object' && order.delivery != null;
}

/** The value stored in `webhook_events.data`. */
export function sealEventData(
  box: SecretBox,
  eventId: string,
  data: Record<string, unknown>,
): Record<string, unknown> {
  if (!carriesDelivery(data)) return data;
  return { [SEALED]: box.encrypt(JSON.stringify(data), `webhook-event:${eventId}`).toString('base64') };
}

/** The event's data in clear (reverses sealEventData). */
export function openEventData(
  box: SecretBox,
  eventId: string,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  const sealed = stored[SEALED];
  if (typeof sealed !== 'string') return stored;
  return JSON.parse(box.decryptText(Buffer.from(sealed, 'base64'), `webhook-event:${eventId}`)) as Record<
    string,
    unknown
  >;
}

/** The data as the console and the delivery log show it: delivered goods masked. */
export function redactEventData(data: Record<string, unknown>): Record<string, unknown> {
  if (!carriesDelivery(data)) return data;
  const order = data.order as Record<string, unknown> & { delivery: Record<string, unknown> };
  const delivery = Object.fromEntries(
    Object.entries(order.delivery).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.map(() => '[redacted]') : v == null ? v : '[redacted]',
    ]),
  );
  return { ...data, order: { ...order, delivery } };
}

/** A stored event, as the dispatcher reads it. */
export interface StoredEvent {
  id: string;
  type: string;
  mode: ApiMode;
  data: Record<string, unknown>;
  apiVersion: string;
  createdAt: Date;
}

/** The body a receiver gets (ApiWebhookEvent), from the event with its data in clear. */
export function wireEvent(event: StoredEvent, data: Record<string, unknown>): ApiWebhookEvent {
  return {
    id: event.id,
    type: event.type as ApiWebhookEvent['type'],
    created: Math.floor(event.createdAt.getTime() / 1000),
    livemode: event.mode === 'live',
    api_version: event.apiVersion as ApiVersion,
    data,
  };
}
