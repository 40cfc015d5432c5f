import { z } from 'zod';
import { apiMode, apiVersions, webhookEventType, webhookEventTypes } from './docking';

/**
 * The open API v1 (`/api/v1/…`): request and response shapes, shared by the server (validation and
 * the OpenAPI document), the SDK and the developer console. JSON fields are snake_case (the wire
 * format integrators in any language read); money is integer minor units plus `currency`.
 */

const fen = z.number().int();
const currency = z.string().length(3).or(z.literal('USDT'));
/** Cursor pagination: `has_more` and the `next_cursor` to pass as `cursor`. */
const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), has_more: z.boolean(), next_cursor: z.string().nullable() });
/** `limit` (1–100, default 20) and an opaque `cursor`. */
export const apiPageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

// ——— ping ———
export const apiPing = z.object({
  site: z.string(),
  protocol_version: z.enum(apiVersions),
  mode: apiMode,
  account: z.object({ id: z.uuid(), name: z.string(), level: z.string().nullable() }),
  balance: fen,
  currency,
  server_time: z.number().int(),
});
export type ApiPing = z.infer<typeof apiPing>;

// ——— catalog ———
export const apiCategory = z.object({
  id: z.uuid(),
  parent_id: z.uuid().nullable(),
  name: z.string(),
  sort: z.number().int(),
});
export type ApiCategory = z.infer<typeof apiCategory>;
export const apiCategoryList = z.object({ data: z.array(apiCategory) });

export const apiInputField = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(['text', 'email', 'phone', 'number', 'textarea']),
  required: z.boolean(),
  regex: z.string().nullable(),
  help: z.string().nullable(),
});

export const apiSku = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The retail price buyers pay in the shop. */
  retail_price: fen,
  /** This account's own price (its level's price list or discount). */
  price: fen,
  currency,
  delivery: z.enum(['card_keys', 'shared_text', 'manual']),
  stock: z.object({
    status: z.enum(['in_stock', 'low', 'out_of_stock']),
    /** Units available now; null for goods without a count (unlimited manual goods). */
    quantity: z.number().int().nullable(),
  }),
});
export type ApiSku = z.infer<typeof apiSku>;

export const apiProduct = z.object({
  id: z.uuid(),
  category_id: z.uuid().nullable(),
  title: z.string(),
  description_html: z.string(),
  cover_url: z.string().nullable(),
  min_quantity: z.number().int(),
  max_quantity: z.number().int().nullable(),
  input_fields: z.array(apiInputField),
  skus: z.array(apiSku),
  updated_at: z.iso.datetime(),
});
export type ApiProduct = z.infer<typeof apiProduct>;

/** GET /api/v1/products: `updated_since` (ISO time) for cheap syncs; answers carry an ETag (If-None-Match → 304). */
export const apiProductQuery = apiPageQuery.extend({
  category_id: z.uuid().optional(),
  updated_since: z.iso.datetime({ offset: true }).optional(),
});
export type ApiProductQuery = z.infer<typeof apiProductQuery>;
export const apiProductPage = page(apiProduct);
export type ApiProductPage = z.infer<typeof apiProductPage>;

// ——— orders ———
/** `pending_payment` only for hosted-checkout orders the buyer has not paid yet (API orders are paid at once). */
export const apiOrderStatuses = [
  'pending_payment',
  'processing',
  'delivered',
  'manual',
  'cancelled',
  'refunded',
  'partially_refunded',
] as const;
export type ApiOrderStatus = (typeof apiOrderStatuses)[number];

/** The integrator's own order number: 1–64 letters, digits, `-`, `_`. */
export const outOrderNo = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** POST /api/v1/orders (scope orders:write). Paid from the balance at once; `Idempotency-Key` header optional. */
export const apiCreateOrderBody = z.strictObject({
  sku_id: z.uuid(),
  quantity: z.number().int().min(1).max(10_000),
  out_order_no: outOrderNo,
  /** The buyer's input fields (e.g. the game account), as the product's input_fields ask. */
  input: z.record(z.string(), z.string().max(500)).default({}),
  /** Where the buyer is told of the delivery (e-mail); the account's e-mail when absent. */
  contact: z.string().max(254).optional(),
  /** Receives this order's events in addition to the account's webhook endpoints. */
  callback_url: z.url().max(2000).optional(),
});
export type ApiCreateOrderBody = z.input<typeof apiCreateOrderBody>;

export const apiOrder = z.object({
  /** Our order id. */
  id: z.uuid(),
  out_order_no: z.string(),
  /** Our order number (as the shop shows it); null for sandbox orders. */
  order_no: z.string().nullable(),
  mode: apiMode,
  status: z.enum(apiOrderStatuses),
  sku_id: z.uuid(),
  product_title: z.string(),
  sku_name: z.string(),
  quantity: z.number().int(),
  /** What the account paid (its own price × quantity). */
  amount: fen,
  refunded_amount: fen,
  currency,
  /** The delivered goods: card keys (one per entry) or the text of a shared/manual delivery; null until delivered. */
  delivery: z
    .object({
      keys: z.array(z.string()),
      text: z.string().nullable(),
    })
    .nullable(),
  created_at: z.iso.datetime(),
  paid_at: z.iso.datetime().nullable(),
  delivered_at: z.iso.datetime().nullable(),
});
export type ApiOrder = z.infer<typeof apiOrder>;

/**
 * Version 1.1 (gray release) adds `delivery.items`: one list of what was delivered, card keys and text
 * alike, in delivery order, so an integrator handles every delivery mode with one loop. Additive, as
 * protocol versions within v1 are: `keys` and `text` stay.
 */
export const apiDeliveryItem = z.object({
  kind: z.enum(['card_key', 'text']),
  content: z.string(),
});
export type ApiDeliveryItem = z.infer<typeof apiDeliveryItem>;
export const apiOrderV11 = apiOrder.extend({
  delivery: z
    .object({ keys: z.array(z.string()), text: z.string().nullable(), items: z.array(apiDeliveryItem) })
    .nullable(),
});
export type ApiOrderV11 = z.infer<typeof apiOrderV11>;
/**
 * An order as served: the 1.1 shape to accounts on 1.1, else 1.0 (`Kameng-Version` says which). 1.1
 * first: a 1.1 order also fits the 1.0 shape, which would strip `items`.
 */
export const apiOrderServed = z.union([apiOrderV11, apiOrder]);
export type ApiOrderServed = z.infer<typeof apiOrderServed>;
export const apiOrderServedPage = page(apiOrderServed);

/** GET /api/v1/orders */
export const apiOrderListQuery = apiPageQuery.extend({
  status: z.enum(apiOrderStatuses).optional(),
  out_order_no: outOrderNo.optional(),
  created_from: z.iso.datetime({ offset: true }).optional(),
  created_to: z.iso.datetime({ offset: true }).optional(),
});
export type ApiOrderListQuery = z.infer<typeof apiOrderListQuery>;
export const apiOrderPage = page(apiOrder);
export type ApiOrderPage = z.infer<typeof apiOrderPage>;

/** GET /api/v1/orders/:id accepts our id; GET /api/v1/orders/by-out-no/:out_order_no theirs. */
export const apiOrderIdParams = z.strictObject({ id: z.uuid() });
export const apiOutOrderNoParams = z.strictObject({ out_order_no: outOrderNo });

// ——— balance ———
export const apiBalance = z.object({
  mode: apiMode,
  /** What can be spent now. */
  available: fen,
  /** Held for orders being placed. */
  held: fen,
  currency,
});
export type ApiBalance = z.infer<typeof apiBalance>;

export const apiStatementEntry = z.object({
  id: z.string(),
  kind: z.string(),
  /** Positive: money in; negative: money out. */
  amount: fen,
  balance_after: fen.nullable(),
  order_id: z.uuid().nullable(),
  memo: z.string().nullable(),
  created_at: z.iso.datetime(),
});
export const apiStatementQuery = apiPageQuery.extend({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type ApiStatementQuery = z.infer<typeof apiStatementQuery>;
export const apiStatementPage = page(apiStatementEntry);
export type ApiStatementPage = z.infer<typeof apiStatementPage>;

// ——— webhooks (as received) ———
/** The body of every webhook request. `id` is the event id to de-duplicate on. */
export const apiWebhookEvent = z.object({
  id: z.string(),
  type: webhookEventType.or(z.literal('test.ping')),
  created: z.number().int(),
  livemode: z.boolean(),
  api_version: z.enum(apiVersions),
  data: z.record(z.string(), z.unknown()),
});
export type ApiWebhookEvent = z.infer<typeof apiWebhookEvent>;

// ——— webhook endpoints (scopes webhooks:read / webhooks:write) ———
/** An endpoint of this account in the credential's mode (its signing secret only when created or rolled). */
export const apiWebhookEndpoint = z.object({
  id: z.uuid(),
  url: z.string(),
  /** Always the calling credential's mode: a sandbox key manages sandbox endpoints, a live key live ones. */
  mode: apiMode,
  event_types: z.array(webhookEventType),
  description: z.string(),
  status: z.enum(['enabled', 'disabled']),
  /** `delivery_failed` (3 days of failed deliveries) or `disabled_by_owner`; null while enabled. */
  disabled_reason: z.string().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type ApiWebhookEndpoint = z.infer<typeof apiWebhookEndpoint>;

/** The answer to create and roll-secret: the endpoint and its signing secret (`whsec_…`), shown this once. */
export const apiWebhookEndpointWithSecret = apiWebhookEndpoint.extend({ secret: z.string() });
export type ApiWebhookEndpointWithSecret = z.infer<typeof apiWebhookEndpointWithSecret>;

/** GET /api/v1/webhook-endpoints: every endpoint of this mode, newest first (at most 10 per account). */
export const apiWebhookEndpointList = z.object({ data: z.array(apiWebhookEndpoint) });
export type ApiWebhookEndpointList = z.infer<typeof apiWebhookEndpointList>;

const apiEventTypeList = z
  .array(webhookEventType)
  .min(1)
  .max(webhookEventTypes.length)
  .refine((a) => new Set(a).size === a.length, 'event types must not repeat');
const webhookUrl = z.string().trim().min(1).max(2000);

/** POST /api/v1/webhook-endpoints */
export const apiCreateWebhookEndpointBody = z.strictObject({
  /** http(s) URL on the public internet (private and loopback targets only where the platform allows them). */
  url: webhookUrl,
  event_types: apiEventTypeList,
  description: z.string().trim().max(200).optional(),
});
export type ApiCreateWebhookEndpointBody = z.input<typeof apiCreateWebhookEndpointBody>;

/** PATCH /api/v1/webhook-endpoints/:id: what is given changes; `enabled` false disables, true enables again. */
export const apiUpdateWebhookEndpointBody = z.strictObject({
  url: webhookUrl.optional(),
  event_types: apiEventTypeList.optional(),
  description: z.string().trim().max(200).optional(),
  enabled: z.boolean().optional(),
});
export type ApiUpdateWebhookEndpointBody = z.input<typeof apiUpdateWebhookEndpointBody>;

export const apiWebhookEndpointIdParams = z.strictObject({ id: z.uuid() });

/** POST /api/v1/webhook-endpoints/:id/test: the `test.ping` delivery, tried once at once. */
export const apiWebhookTestDelivery = z.object({
  /** The delivery id. */
  id: z.uuid(),
  /** The event id (the body's `id` and the `Kameng-Event-Id` header). */
  event_id: z.uuid(),
  endpoint_id: z.uuid(),
  url: z.string(),
  /** succeeded (a 2xx answer) or failed (no retries for test events). */
  status: z.enum(['pending', 'succeeded', 'failed']),
  /** The HTTP status the endpoint answered; null when no answer came (refused, timed out). */
  response_status: z.number().int().nullable(),
  /** Why it failed (network error, timeout, non-2xx), else null. */
  error: z.string().nullable(),
  created_at: z.iso.datetime(),
  finished_at: z.iso.datetime().nullable(),
});
export type ApiWebhookTestDelivery = z.infer<typeof apiWebhookTestDelivery>;

/** Error envelope of every API v1 error. */
export const apiError = z.object({
  code: z.string(),
  message: z.string(),
  request_id: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof apiError>;
