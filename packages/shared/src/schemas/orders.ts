import { z } from 'zod';
import { cashierAction, notifyLogEntry } from './payments';

const isoDate = z.iso.datetime({ offset: true });
const money = z.number().int().min(0);

export const orderStatuses = [
  'pending_payment',
  'paid',
  'delivered',
  'delivery_failed',
  'manual',
  'expired',
  'cancelled',
  'refunded',
  'partially_refunded',
] as const;
export const orderStatus = z.enum(orderStatuses);
export type OrderStatus = z.infer<typeof orderStatus>;

export const contactKind = z.enum(['email', 'phone', 'qq']);
export type ContactKind = z.infer<typeof contactKind>;

/** A random, non-sequential order number: 'K' + 16 base32 characters. */
export const orderNo = z.string().regex(/^K[A-Z2-7]{16}$/);
/** The result-page access token (base64url). */
export const orderAccessToken = z.string().min(20).max(100);

// ---------- storefront checkout ----------

/** POST /api/store/orders. No price: the server quotes it. */
export const createOrderBody = z.strictObject({
  skuId: z.uuid(),
  quantity: z.number().int().min(1).max(100_000),
  contact: z.string().trim().min(1).max(254),
  contactKind: contactKind.optional(),
  input: z.record(z.string().max(32), z.string().max(2000)).default({}),
  coupon: z.string().trim().min(1).max(64).optional(),
  lookupPassword: z.string().min(4).max(200).optional(),
  locale: z.enum(['zh-CN', 'en']).optional(),
});
export type CreateOrderBody = z.infer<typeof createOrderBody>;

export const createOrderResponse = z.object({
  orderNo: z.string(),
  accessToken: z.string(),
  total: money,
  currency: z.string(),
  expiresAt: isoDate,
  status: orderStatus,
});
export type CreateOrderResponse = z.infer<typeof createOrderResponse>;

export const orderNoParams = z.strictObject({ orderNo: z.string().min(1).max(40) });

/** POST /api/store/orders/:orderNo/pay → the cashier action. */
export const payOrderBody = z.strictObject({
  channelId: z.string().max(48).optional(),
  method: z.string().max(32).optional(),
  accessToken: orderAccessToken,
});
export const payOrderResponse = z.object({
  attemptId: z.uuid(),
  channelId: z.string(),
  action: cashierAction,
  expiresAt: isoDate,
});
export type PayOrderResponse = z.infer<typeof payOrderResponse>;

/**
 * POST /api/store/orders/:orderNo/pay-balance (signed-in reseller who placed the order): `useBalance`
 * fen from the prepaid balance — `'all'` or the order's total pays it at once, less starts an online
 * payment for the rest (channel / method as for /pay) with the balance part held until it is paid.
 */
export const payWithBalanceBody = z.strictObject({
  accessToken: orderAccessToken,
  useBalance: z.union([z.literal('all'), z.number().int().min(1).max(100_000_000_00)]),
  channelId: z.string().max(48).optional(),
  method: z.string().max(32).optional(),
});
export type PayWithBalanceBody = z.infer<typeof payWithBalanceBody>;

/** POST /api/store/orders/:orderNo/cancel: the token holder cancels an unpaid order. */
export const cancelOrderBody = z.strictObject({ accessToken: orderAccessToken });

export const orderViewQuery = z.strictObject({
  token: z.string().max(100).optional(),
  /** Long poll: with the token, wait up to this many seconds while the order has nothing to show yet. */
  wait: z.coerce.number().int().min(0).max(25).optional(),
});
export const orderReturnBody = z.strictObject({ token: orderAccessToken });

/** What was delivered: only shown to the holder of the token. */
export const orderDelivery = z.object({
  keys: z.array(z.string()),
  sharedText: z.string().nullable(),
  manualText: z.string().nullable(),
  usageGuide: z.string().nullable(),
});
export type OrderDelivery = z.infer<typeof orderDelivery>;

/** The buyer's view of an order (result page, lookup). */
export const publicOrderView = z.object({
  orderNo: z.string(),
  status: orderStatus,
  title: z.string(),
  skuName: z.string(),
  quantity: z.number().int(),
  deliveredQuantity: z.number().int(),
  unitPrice: money,
  subtotal: money,
  discount: money,
  total: money,
  refundedAmount: money,
  currency: z.string(),
  createdAt: isoDate,
  expiresAt: isoDate,
  paidAt: isoDate.nullable(),
  deliveredAt: isoDate.nullable(),
  /** The signed-in viewer placed this order (only they may pay it from their balance). */
  placedByViewer: z.boolean(),
  /** Present only with the right token and once something was delivered. */
  delivery: orderDelivery.nullable(),
  /** An order opened through a hosted checkout link (with the token): back to the merchant's site. */
  returnUrl: z.string().nullable(),
});
export type PublicOrderView = z.infer<typeof publicOrderView>;

/** The answer of /pay-balance: paid at once from the balance, or the online part's cashier action. */
export const payWithBalanceResponse = z.discriminatedUnion('paid', [
  z.object({ paid: z.literal(true), order: publicOrderView }),
  z.object({
    paid: z.literal(false),
    /** Fen held from the balance until the online part is paid. */
    balanceHeld: money,
    payment: payOrderResponse,
  }),
]);
export type PayWithBalanceResponse = z.infer<typeof payWithBalanceResponse>;

export const orderLookupBody = z.strictObject({
  orderNo: z.string().trim().min(1).max(40),
  contact: z.string().trim().min(1).max(254).optional(),
  lookupPassword: z.string().min(1).max(200).optional(),
});
export const orderLookupResponse = z.object({ orderNo: z.string(), token: z.string() });

// ---------- merchant console ----------

export const merchantOrderListQuery = z.strictObject({
  status: orderStatus.optional(),
  q: z.string().trim().max(254).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type MerchantOrderListQuery = z.infer<typeof merchantOrderListQuery>;

export const merchantOrderSummary = z.object({
  id: z.uuid(),
  orderNo: z.string(),
  status: orderStatus,
  productId: z.uuid(),
  skuId: z.uuid(),
  title: z.string(),
  skuName: z.string(),
  deliveryMode: z.enum(['card_keys', 'shared_text', 'manual', 'upstream']),
  quantity: z.number().int(),
  deliveredQuantity: z.number().int(),
  total: money,
  refundedAmount: money,
  currency: z.string(),
  contact: z.string(),
  contactKind: contactKind,
  createdAt: isoDate,
  paidAt: isoDate.nullable(),
  deliveredAt: isoDate.nullable(),
  manualReason: z.string().nullable(),
  manualSince: isoDate.nullable(),
});
export type MerchantOrderSummary = z.infer<typeof merchantOrderSummary>;

export const merchantOrderList = z.object({
  items: z.array(merchantOrderSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type MerchantOrderList = z.infer<typeof merchantOrderList>;

export const orderEvent = z.object({
  id: z.number().int(),
  type: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: isoDate,
});
export type OrderEvent = z.infer<typeof orderEvent>;

export const merchantOrderDetail = merchantOrderSummary.extend({
  unitPrice: money,
  subtotal: money,
  discount: money,
  couponCode: z.string().nullable(),
  buyerInput: z.record(z.string(), z.string()),
  locale: z.enum(['zh-CN', 'en']),
  buyerIp: z.string().nullable(),
  paymentChannelId: z.string().nullable(),
  expiresAt: isoDate,
  /** Manual delivery text (decrypted) when the merchant delivered by hand. */
  manualText: z.string().nullable(),
  timeline: z.array(orderEvent),
  notifies: z.array(notifyLogEntry),
});
export type MerchantOrderDetail = z.infer<typeof merchantOrderDetail>;

export const manualQueueItem = merchantOrderSummary.extend({
  /** Seconds since the order entered the queue (SLA age). */
  ageSeconds: z.number().int(),
});
export const manualQueue = z.object({ items: z.array(manualQueueItem) });
export type ManualQueue = z.infer<typeof manualQueue>;

export const deliverOrderBody = z.strictObject({ text: z.string().trim().min(1).max(20_000) });
export const replaceKeysBody = z.strictObject({
  count: z.number().int().min(1).max(1000),
  reason: z.string().trim().min(1).max(500),
});
export const refundOrderBody = z.strictObject({
  amount: z.number().int().min(1).max(100_000_000_00),
  reason: z.string().trim().min(1).max(500),
  toChannel: z.boolean(),
});
export type RefundOrderBody = z.infer<typeof refundOrderBody>;
