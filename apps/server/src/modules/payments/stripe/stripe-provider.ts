import type Stripe from 'stripe';
import type { AttemptRef, ChannelConfig, PaymentProvider, QueryResult } from '../provider';
import { loadStripe, stripeClient } from './stripe-client';
import { META, parseStripeWebhook, sessionFacts, stripeCurrency, type SessionFacts } from './stripe-session';

/**
 * Checkout Sessions expire after this (Stripe allows 30 min … 24 h; its default is 24 h). Orders
 * expire in minutes and the active query looks 30 min past that, so a short session keeps a buyer
 * from paying long after the order is gone.
 */
const SESSION_TTL_S = 31 * 60;

/** The `paymentMethodTypes` setting (e.g. ["card"]), or undefined to let the Dashboard decide. */
function paymentMethodTypes(channel: ChannelConfig): string[] | undefined {
  const set = channel.settings.paymentMethodTypes;
  if (set === undefined || set === null) return undefined;
  if (
    !Array.isArray(set) ||
    set.length === 0 ||
    !set.every((t) => typeof t === 'string' && /^[a-z_]{1,40}$/.test(t))
  ) {
    throw new Error('stripe paymentMethodTypes must be a non-empty list of method names');
  }
  return set as string[];
}

/** The attempt's session, read strictly and bound to the attempt and this channel. */
async function retrieveSession(channel: ChannelConfig, attempt: AttemptRef): Promise<SessionFacts> {
  if (!attempt.providerTradeNo) throw new Error('stripe attempt has no checkout session id');
  const session = await (await stripeClient(channel)).checkout.sessions.retrieve(attempt.providerTradeNo);
  const facts = sessionFacts(session);
  if ('reason' in facts) throw new Error(`stripe session unreadable: ${facts.reason}`);
  if (
    facts.id !== attempt.providerTradeNo ||
    facts.tradeNo !== attempt.tradeNo ||
    facts.channelId !== channel.id
  ) {
    throw new Error('stripe session does not belong to this attempt');
  }
  return facts;
}

/**
 * Stripe Checkout (cards for international buyers) through the official SDK. The notify URL is not
 * sent to Stripe: the operator adds `<public URL>/api/pay/notify/<channel id>` as a webhook endpoint
 * in the Dashboard, and its signing secret (whsec_…) is the channel's `webhookSecret`. A Stripe
 * event carries no merchant id we could compare, so the session's metadata names the channel it was
 * created for (set with the secret key) and merchantIdOf is the channel id.
 */
export const stripeProvider: PaymentProvider = {
  id: 'stripe',
  notifyFormat: 'raw',
  merchantIdOf: (channel) => channel.id,

  async createPayment(channel, req) {
    const currency = stripeCurrency(req.currency);
    if (!currency) throw new Error(`stripe cannot take ${req.currency} amounts in hundredths`);
    if (!Number.isSafeInteger(req.amount) || req.amount < 1)
      throw new Error('amount must be a positive integer');
    const metadata = { [META.tradeNo]: req.tradeNo, [META.channel]: channel.id, [META.currency]: currency };
    const types = paymentMethodTypes(channel);
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'payment',
      line_items: [
        {
          price_data: {
            currency,
            unit_amount: req.amount,
            product_data: { name: req.subject.slice(0, 250) || 'Order' },
          },
          quantity: 1,
        },
      ],
      client_reference_id: req.tradeNo,
      metadata,
      payment_intent_data: { metadata },
      success_url: req.returnUrl,
      cancel_url: req.returnUrl,
      expires_at: Math.floor(Date.now() / 1000) + SESSION_TTL_S,
      // This API version replaced payment_method_types with a filter on the dynamically eligible methods.
      ...(types ? { allowed_payment_method_types: types } : {}),
    };
    // Our trade number is unique per attempt: a retried create returns the same session.
    const session = await (
      await stripeClient(channel)
    ).checkout.sessions.create(params, {
      idempotencyKey: req.tradeNo,
    });
    if (typeof session.url !== 'string' || !session.url || typeof session.id !== 'string') {
      throw new Error('stripe returned a session without id or url');
    }
    return { action: { type: 'redirect', url: session.url }, providerTradeNo: session.id };
  },

  async parseNotify(channel, req) {
    return parseStripeWebhook(
      (await loadStripe()).webhooks,
      req.rawBody,
      req.headers['stripe-signature'],
      channel.credentials.webhookSecret ?? '',
    );
  },

  // 4.00: Stripe refuses charges under about US$0.50.
  testAmount: 400,
  notifyReply: (ok) => ({
    status: ok ? 200 : 400,
    contentType: 'application/json; charset=utf-8',
    body: ok ? '{"received":true}' : '{"received":false}',
  }),

  async query(channel, attempt): Promise<QueryResult> {
    const s = await retrieveSession(channel, attempt);
    if (s.paid) return { status: 'paid', amount: s.amount, providerTradeNo: s.id };
    return { status: s.expired ? 'closed' : 'unpaid', providerTradeNo: s.id };
  },

  async refund(channel, attempt, amount, refundNo) {
    if (!Number.isSafeInteger(amount) || amount < 1)
      throw new Error('refund amount must be a positive integer');
    const s = await retrieveSession(channel, attempt);
    if (!s.paid || !s.paymentIntent) throw new Error('stripe session has no paid payment to refund');
    const client = await stripeClient(channel);
    // Our refund number is the idempotency key: a retry of this refund (also after our transaction
    // rolled back) replays it, and a later partial refund of the same amount has another number.
    const refund = await client.refunds.create(
      { payment_intent: s.paymentIntent, amount, metadata: { [META.tradeNo]: attempt.tradeNo } },
      { idempotencyKey: `kameng-refund:${refundNo}` },
    );
    if (refund.status === 'failed' || refund.status === 'canceled')
      throw new Error(`stripe refund ${refund.status}`);
    return { refundNo: refund.id };
  },
};
