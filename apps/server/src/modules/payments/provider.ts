import type { CashierAction, PaymentProviderId } from '@kameng/shared';

/** A channel as providers see it: credentials decrypted, settings as stored. */
export interface ChannelConfig {
  id: string;
  provider: PaymentProviderId;
  method: string;
  /** Shared by every caller of channelConfig (it is cached): never changed. */
  readonly credentials: Readonly<Record<string, string>>;
  readonly settings: Readonly<Record<string, unknown>>;
}

/** What we ask a provider to create. Amounts are integer minor units (fen). */
export interface CreatePaymentRequest {
  tradeNo: string;
  amount: number;
  currency: string;
  subject: string;
  notifyUrl: string;
  returnUrl: string;
  clientIp: string;
  device: 'pc' | 'mobile' | 'wechat';
  /** The base URL (scheme://host[:port]) the order request came from, when no public URL is set. */
  baseUrl: string;
}

/** How the buyer is taken to the channel, and the channel's own trade number when it issues one. */
export interface CreatePaymentResult {
  action: CashierAction;
  providerTradeNo?: string;
}

/** A notify exactly as received over HTTP. */
export interface NotifyRequest {
  method: string;
  query: unknown;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  ip: string;
}

/** A verified notify: the signed facts, nothing taken on trust from outside the signature. */
export interface VerifiedNotify {
  ok: true;
  tradeNo: string;
  providerTradeNo: string;
  /** Integer minor units, parsed exactly from the provider's decimal string. */
  amount: number;
  status: 'paid' | 'other';
  /** The merchant / app id the provider signed (bound to the channel's credentials by the caller). */
  merchantId: string;
}

/** A notify that did not verify, with a stable reason code for the log. */
export interface RejectedNotify {
  ok: false;
  reason: string;
}

/** The reply the provider expects (its retries stop only on its success body). */
export interface NotifyReply {
  status: number;
  contentType: string;
  body: string;
}

/** The payment attempt fields a provider may need. */
export interface AttemptRef {
  tradeNo: string;
  providerTradeNo: string | null;
  amount: number;
  action: Record<string, unknown>;
}

/** What the channel says about a trade when asked (主动查单). */
export interface QueryResult {
  status: 'paid' | 'unpaid' | 'closed';
  providerTradeNo?: string;
  amount?: number;
}

/**
 * One payment provider (sandbox, 易支付, Alipay, WeChat Pay, Epusdt, Stripe). Providers only speak
 * their protocol; every security decision on a notify (channel, merchant binding, attempt, amount,
 * idempotency) is made once, in handleNotify.
 */
export interface PaymentProvider {
  id: PaymentProviderId;
  /**
   * 'fields': the notify is flat string fields (form, query or JSON); handleNotify rejects any
   * non-string value before the provider sees it. 'raw': the provider parses rawBody itself
   * (signed JSON bodies such as WeChat Pay v3 or Stripe).
   */
  notifyFormat: 'fields' | 'raw';
  /**
   * The merchant / app id of the channel's credentials that a notify must carry. Never empty (an empty
   * id matches nothing): a protocol whose notify carries no merchant id returns the channel id here and
   * from parseNotify once the channel's secret verified it (the secret is then the binding).
   */
  merchantIdOf(channel: ChannelConfig): string;
  createPayment(channel: ChannelConfig, req: CreatePaymentRequest): Promise<CreatePaymentResult>;
  /** Verifies (constant time, non-empty key) and parses a notify; `fields` is set for 'fields' providers. */
  parseNotify(
    channel: ChannelConfig,
    req: NotifyRequest,
    fields: Record<string, string> | null,
  ): VerifiedNotify | RejectedNotify | Promise<VerifiedNotify | RejectedNotify>;
  notifyReply(ok: boolean): NotifyReply;
  /**
   * What "test connection" asks the channel to create, in fen (default 1): at least the channel's
   * minimum payment (Stripe refuses charges under about US$0.50, Epusdt 0.01 and less).
   */
  testAmount?: number;
  query(channel: ChannelConfig, attempt: AttemptRef): Promise<QueryResult>;
  /**
   * Refunds `amount` of the attempt. `refundNo` is ours (≤ 48 characters, [0-9A-Z]): the same for a
   * retry of the same refund, so a channel with refund numbers or idempotency keys pays it once even
   * when an earlier request's answer was lost.
   */
  refund?(
    channel: ChannelConfig,
    attempt: AttemptRef,
    amount: number,
    refundNo: string,
  ): Promise<{ refundNo: string }>;
}
