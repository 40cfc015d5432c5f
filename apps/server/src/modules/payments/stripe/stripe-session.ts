import type Stripe from 'stripe';
import type { RejectedNotify, VerifiedNotify } from '../provider';

/** Metadata keys Kameng sets on every Checkout Session (and its PaymentIntent). */
export const META = {
  tradeNo: 'kameng_trade_no',
  channel: 'kameng_channel',
  currency: 'kameng_currency',
} as const;

/** Stripe's tolerance for a webhook signature's timestamp, in seconds (the SDK default). */
export const WEBHOOK_TOLERANCE_S = 300;

/**
 * Currencies whose Stripe minor unit is not 1/100 (zero-decimal and three-decimal): Kameng's integer
 * fen would be read as whole yen or as thousandths there, so such orders are refused, never converted.
 */
const NOT_CENT_CURRENCIES = new Set(
  'bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf bhd jod kwd omr tnd'.split(' '),
);

/** The lower-cased ISO code Stripe takes, or null when Stripe's minor unit is not a hundredth. */
export function stripeCurrency(currency: string): string | null {
  const c = currency.toLowerCase();
  return /^[a-z]{3}$/.test(c) && !NOT_CENT_CURRENCIES.has(c) ? c : null;
}

/** The facts Kameng takes from a Checkout Session (from a verified event or a retrieve). */
export interface SessionFacts {
  id: string;
  tradeNo: string;
  channelId: string;
  amount: number;
  paid: boolean;
  expired: boolean;
  paymentIntent: string | null;
}

const str = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * Reads a Checkout Session strictly: strings where strings belong (arrays, booleans, numbers are
 * refused, not coerced), `amount_total` an integer of minor units, our trade number both as
 * client_reference_id and in the metadata, and the currency the one we asked for (the metadata's
 * `kameng_currency`, set with the secret key at creation; a session without it must be in CNY).
 */
export function sessionFacts(raw: unknown): SessionFacts | { reason: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { reason: 'session_malformed' };
  const s = raw as Record<string, unknown>;
  if (s.object !== 'checkout.session' || !str(s.id)) return { reason: 'session_malformed' };
  const meta = s.metadata;
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return { reason: 'field_types' };
  const m = meta as Record<string, unknown>;
  if (!str(s.client_reference_id)) return { reason: 'trade_missing' };
  if (m[META.tradeNo] !== s.client_reference_id) return { reason: 'trade_mismatch' };
  const amount = s.amount_total;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) {
    return { reason: 'amount_malformed' };
  }
  const expected = m[META.currency] === undefined ? 'cny' : m[META.currency];
  if (typeof s.currency !== 'string' || typeof expected !== 'string') return { reason: 'field_types' };
  if (s.currency !== expected) return { reason: 'currency_mismatch' };
  if (typeof s.payment_status !== 'string') return { reason: 'field_types' };
  if (s.status !== null && typeof s.status !== 'string') return { reason: 'field_types' };
  const channel = m[META.channel];
  if (channel !== undefined && typeof channel !== 'string') return { reason: 'field_types' };
  const pi = s.payment_intent;
  const paymentIntent = str(pi)
    ? pi
    : typeof pi === 'object' && pi !== null && str((pi as { id?: unknown }).id)
      ? (pi as { id: string }).id
      : null;
  return {
    id: s.id,
    tradeNo: s.client_reference_id,
    channelId: channel ?? '',
    amount,
    paid: s.payment_status === 'paid',
    expired: s.status === 'expired',
    paymentIntent,
  };
}

/** Events that move a session to paid (when its payment_status says paid). */
const PAID_EVENTS = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);

/**
 * Verifies a webhook (Stripe-Signature over the raw body with the endpoint's whsec_ secret, within
 * the tolerance) and reads the Checkout Session it carries. Only checkout.session.* events name a
 * trade; completed-and-paid and async_payment_succeeded are payments, the rest are 'other'.
 */
export function parseStripeWebhook(
  webhooks: Stripe.Webhooks,
  rawBody: string,
  header: string | string[] | undefined,
  webhookSecret: string,
  nowMs = Date.now(),
): VerifiedNotify | RejectedNotify {
  if (!webhookSecret) return { ok: false, reason: 'key_empty' };
  if (typeof header !== 'string' || header === '') return { ok: false, reason: 'signature_missing' };
  if (!rawBody) return { ok: false, reason: 'body_empty' };
  let event: unknown;
  try {
    event = webhooks.constructEvent(rawBody, header, webhookSecret, WEBHOOK_TOLERANCE_S, undefined, nowMs);
  } catch (err) {
    const expired = err instanceof Error && /tolerance/i.test(err.message);
    return { ok: false, reason: expired ? 'signature_expired' : 'signature_invalid' };
  }
  if (typeof event !== 'object' || event === null) return { ok: false, reason: 'event_malformed' };
  const e = event as { type?: unknown; data?: { object?: unknown } };
  if (typeof e.type !== 'string' || !e.type.startsWith('checkout.session.')) {
    return { ok: false, reason: 'event_unhandled' };
  }
  const facts = sessionFacts(e.data?.object);
  if ('reason' in facts) return { ok: false, reason: facts.reason };
  return {
    ok: true,
    tradeNo: facts.tradeNo,
    providerTradeNo: facts.id,
    amount: facts.amount,
    status: PAID_EVENTS.has(e.type) && facts.paid ? 'paid' : 'other',
    merchantId: facts.channelId,
  };
}
