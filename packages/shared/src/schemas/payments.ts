import { z } from 'zod';

/** Payment providers Kameng speaks (one interface, several implementations). */
export const paymentProviderId = z.enum(['sandbox', 'epay', 'alipay', 'wechatpay', 'epusdt', 'stripe']);
export type PaymentProviderId = z.infer<typeof paymentProviderId>;

/** Faults the sandbox gateway injects into its notifies (per channel, from the admin console and tests). */
export const sandboxFaults = z.strictObject({
  delayMs: z.number().int().min(0).max(60_000).optional(),
  drop: z.boolean().optional(),
  duplicate: z.boolean().optional(),
  reorder: z.boolean().optional(),
  corrupt: z.enum(['signature', 'amount', 'merchant', 'trade', 'types', 'status']).nullable().optional(),
});
export type SandboxFaults = z.infer<typeof sandboxFaults>;

/** A channel's non-secret settings. */
export const channelSettings = z.looseObject({
  gatewayUrl: z.url().optional(),
  faults: sandboxFaults.optional(),
});
export type ChannelSettings = z.infer<typeof channelSettings>;

const channelId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,47}$/);

/** A payment channel as the admin sees it: credentials are write-only and never returned. */
export const paymentChannel = z.object({
  id: z.string(),
  name: z.string(),
  provider: paymentProviderId,
  method: z.string(),
  settings: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  priority: z.number().int(),
  minAmount: z.number().int().nullable(),
  maxAmount: z.number().int().nullable(),
  /** Within one priority, channels are tried in a weighted random order; 0: only after the others failed. */
  weight: z.number().int(),
  /** Fen per day (the platform's time zone) the channel may take; null: no limit. */
  dailyLimit: z.number().int().nullable(),
  /** Fen counted against today's limit: paid today plus payments opened in the last 30 minutes. */
  todayAmount: z.number().int(),
  /** Consecutive create failures that pause the channel automatically; 0: never. */
  autoPauseAfter: z.number().int(),
  /** How long an automatic pause lasts. */
  cooldownSeconds: z.number().int(),
  /** ok · failing (some recent failures) · auto_paused (until pausedUntil) · disabled (paused by hand). */
  health: z.enum(['ok', 'failing', 'auto_paused', 'disabled']),
  consecutiveFailures: z.number().int(),
  pausedUntil: z.iso.datetime({ offset: true }).nullable(),
  /** The last create failure, short and without secrets. */
  lastError: z.string().nullable(),
  lastFailureAt: z.iso.datetime({ offset: true }).nullable(),
  hasCredentials: z.boolean(),
  /** The URL to give the channel for notifies (relative when no public URL is configured). */
  notifyPath: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type PaymentChannel = z.infer<typeof paymentChannel>;

/** One credential field of a provider, for the admin form (secret: write-only, masked). */
export interface CredentialField {
  name: string;
  secret: boolean;
  /** PEM keys and certificates. */
  multiline?: boolean;
  /** Only some modes need it (易支付 V1 uses `key`, V2 the RSA keys). */
  optional?: boolean;
}

/** The credential fields each provider reads (stored encrypted as one JSON object per channel). */
export const providerCredentialFields: Record<PaymentProviderId, readonly CredentialField[]> = {
  sandbox: [
    { name: 'mchId', secret: false },
    { name: 'key', secret: true },
  ],
  epay: [
    { name: 'pid', secret: false },
    { name: 'key', secret: true, optional: true },
    { name: 'privateKey', secret: true, multiline: true, optional: true },
    { name: 'platformPublicKey', secret: false, multiline: true, optional: true },
  ],
  alipay: [
    { name: 'appId', secret: false },
    { name: 'privateKey', secret: true, multiline: true },
    { name: 'alipayPublicKey', secret: false, multiline: true },
  ],
  wechatpay: [
    { name: 'mchId', secret: false },
    { name: 'appId', secret: false },
    { name: 'serialNo', secret: false },
    { name: 'privateKey', secret: true, multiline: true },
    { name: 'apiV3Key', secret: true },
    { name: 'platformSerial', secret: false },
    { name: 'platformPublicKey', secret: false, multiline: true },
  ],
  epusdt: [{ name: 'token', secret: true }],
  stripe: [
    { name: 'secretKey', secret: true },
    { name: 'webhookSecret', secret: true },
  ],
};

/** Credentials: provider-specific string fields (see providerCredentialFields). */
export const channelCredentials = z.record(z.string().max(64), z.string().max(8192));

export const createChannelBody = z.strictObject({
  id: channelId,
  name: z.string().min(1).max(100),
  provider: paymentProviderId,
  method: z.string().regex(/^[a-z0-9_]{1,32}$/),
  credentials: channelCredentials,
  settings: channelSettings.default({}),
  enabled: z.boolean().default(true),
  priority: z.number().int().min(-1000).max(1000).default(0),
  minAmount: z.number().int().min(0).nullable().default(null),
  maxAmount: z.number().int().min(0).nullable().default(null),
  weight: z.number().int().min(0).max(1000).default(1),
  dailyLimit: z.number().int().min(1).max(2_000_000_000).nullable().default(null),
  autoPauseAfter: z.number().int().min(0).max(1000).default(5),
  cooldownSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .default(300),
});
export type CreateChannelBody = z.infer<typeof createChannelBody>;

export const updateChannelBody = z.strictObject({
  name: z.string().min(1).max(100).optional(),
  method: z
    .string()
    .regex(/^[a-z0-9_]{1,32}$/)
    .optional(),
  /** When present, replaces the stored credentials. */
  credentials: channelCredentials.optional(),
  settings: channelSettings.optional(),
  enabled: z.boolean().optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  minAmount: z.number().int().min(0).nullable().optional(),
  maxAmount: z.number().int().min(0).nullable().optional(),
  weight: z.number().int().min(0).max(1000).optional(),
  dailyLimit: z.number().int().min(1).max(2_000_000_000).nullable().optional(),
  autoPauseAfter: z.number().int().min(0).max(1000).optional(),
  cooldownSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .optional(),
});
export type UpdateChannelBody = z.infer<typeof updateChannelBody>;

export const paymentChannelIdParams = z.strictObject({ id: channelId });

/**
 * What the cashier does to take the buyer to the channel: `redirect` to `url`; show `qr` (content to
 * render as a QR code; `url`, when set, is the channel's own page for the same payment); post `form`.
 * `scheme` is an app deep link (alipays://…, weixin://…) offered on phones; `crypto` is what a
 * USDT buyer must send (amount in the coin, network, wallet address, until when).
 */
export const cashierAction = z.object({
  type: z.enum(['redirect', 'qr', 'form']),
  url: z.string().optional(),
  qr: z.string().optional(),
  form: z
    .object({ action: z.string(), method: z.enum(['GET', 'POST']), fields: z.record(z.string(), z.string()) })
    .optional(),
  scheme: z.string().optional(),
  crypto: z
    .object({
      amount: z.string(),
      currency: z.string(),
      network: z.string(),
      address: z.string(),
      expiresAt: z.iso.datetime({ offset: true }),
    })
    .optional(),
});
export type CashierAction = z.infer<typeof cashierAction>;

/** The result of starting a payment for an order. */
export const paymentStart = z.object({
  attemptId: z.uuid(),
  channelId: z.string(),
  action: cashierAction,
  expiresAt: z.iso.datetime({ offset: true }),
});
export type PaymentStart = z.infer<typeof paymentStart>;

/** Payment methods the checkout may offer (no secrets, no channel ids). */
export const paymentMethods = z.object({
  items: z.array(
    z.object({
      method: z.string(),
      minAmount: z.number().int().nullable(),
      maxAmount: z.number().int().nullable(),
    }),
  ),
});
export type PaymentMethods = z.infer<typeof paymentMethods>;

export const notifyVerdict = z.enum(['accepted', 'duplicate', 'rejected']);

/** One notify received, as stored (raw with secrets redacted). */
export const notifyLogEntry = z.object({
  id: z.uuid(),
  channelId: z.string(),
  orderId: z.uuid().nullable(),
  attemptId: z.uuid().nullable(),
  method: z.string(),
  raw: z.string(),
  verdict: notifyVerdict,
  reason: z.string().nullable(),
  remoteIp: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type NotifyLogEntry = z.infer<typeof notifyLogEntry>;

export const notifyListQuery = z.strictObject({
  channelId: z.string().max(48).optional(),
  verdict: notifyVerdict.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/**
 * The refund of money received twice for one order (a second attempt paid an already paid order):
 * pending → refunding → refunded through the channel, or manual ("refund by hand") → refunded_offline.
 */
export const duplicateRefundStatus = z.enum([
  'pending',
  'refunding',
  'refunded',
  'manual',
  'refunded_offline',
]);
export type DuplicateRefundStatus = z.infer<typeof duplicateRefundStatus>;

/** A duplicate payment's refund state, as the admin sees it. */
export const duplicateRefund = z.object({
  attemptId: z.uuid(),
  status: duplicateRefundStatus,
  /** Minor units owed back to the buyer. */
  amount: z.number().int(),
  currency: z.string(),
  /** The channel's trade number of the duplicate payment. */
  providerTradeNo: z.string().nullable(),
  tries: z.number().int(),
  /** The channel's refund number, or the admin's note for an offline refund. */
  ref: z.string().nullable(),
  lastError: z.string().nullable(),
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Whether the admin may mark it refunded offline (the job is not asking the channel now). */
  canMarkOffline: z.boolean(),
});
export type DuplicateRefund = z.infer<typeof duplicateRefund>;

/** One payment anomaly for the admin view. */
export const paymentAnomaly = z.object({
  type: z.enum([
    'notify_rejected',
    'healed_by_query',
    'amount_mismatch',
    'paid_twice',
    'channel_paused',
    'refund_failed',
  ]),
  channelId: z.string(),
  orderId: z.uuid().nullable(),
  /** The order's number, when the anomaly has an order. */
  orderNo: z.string().nullable(),
  merchantId: z.uuid().nullable(),
  attemptId: z.uuid().nullable(),
  reason: z.string().nullable(),
  raw: z.string().nullable(),
  at: z.iso.datetime({ offset: true }),
  /** For `paid_twice`: the refund of the second payment. */
  duplicateRefund: duplicateRefund.nullable(),
  /**
   * For `channel_paused` and `refund_failed`: the recorded incident, the amount (refund) and, for a
   * pause, until when and whether it is over (resumed by hand or by a later success).
   */
  incident: z
    .object({
      id: z.uuid(),
      amount: z.number().int().nullable(),
      pausedUntil: z.iso.datetime({ offset: true }).nullable(),
      resolvedAt: z.iso.datetime({ offset: true }).nullable(),
    })
    .nullable(),
});
export type PaymentAnomaly = z.infer<typeof paymentAnomaly>;

/** The anomaly types a merchant sees: those of their own orders (channel-level ones are the platform's). */
export const merchantAnomalyTypes = [
  'notify_rejected',
  'amount_mismatch',
  'healed_by_query',
  'paid_twice',
  'refund_failed',
] as const;

/** The merchant's anomaly list: newest first, by type, one page at a time. */
export const merchantAnomalyListQuery = z.strictObject({
  type: z.enum(merchantAnomalyTypes).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type MerchantAnomalyListQuery = z.infer<typeof merchantAnomalyListQuery>;

export const merchantAnomalyList = z.object({
  items: z.array(paymentAnomaly),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type MerchantAnomalyList = z.infer<typeof merchantAnomalyList>;

/** The report of a channel's "test connection". */
export const channelTestResult = z.object({
  ok: z.boolean(),
  action: cashierAction.nullable(),
  providerTradeNo: z.string().nullable(),
  error: z.string().nullable(),
});
export type ChannelTestResult = z.infer<typeof channelTestResult>;

export const paymentAttemptIdParams = z.strictObject({ attemptId: z.uuid() });

/** The admin's record that a duplicate payment was returned outside the channel (bank transfer …). */
export const markDuplicateRefundedBody = z.strictObject({
  note: z.string().trim().min(1).max(500),
});
export type MarkDuplicateRefundedBody = z.infer<typeof markDuplicateRefundedBody>;

/**
 * The channel id recorded for a payment made wholly from a reseller's prepaid balance (orders,
 * settlement items). Real channel ids start with [a-z0-9], so it can never name a configured channel.
 */
export const BALANCE_CHANNEL_ID = '_balance';
