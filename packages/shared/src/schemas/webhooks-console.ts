import { z } from 'zod';
import { apiWebhookEvent } from './api-v1';
import { apiMode, webhookEventType, webhookEventTypes } from './docking';

/**
 * The developer console's webhook routes (`/api/developer/webhooks`, session cookie, camelCase JSON)
 * and the platform's webhook settings. The events themselves are `apiWebhookEvent` (api-v1.ts).
 */

/** Platform-wide webhook settings (admin). */
export const webhookSettings = z.object({
  /** Let endpoints point at private and loopback addresses (a self-hosted LAN); off by default. */
  allowPrivateTargets: z.boolean(),
});
export type WebhookSettings = z.infer<typeof webhookSettings>;
export const updateWebhookSettingsBody = z.strictObject({ allowPrivateTargets: z.boolean().optional() });

/** An endpoint as the console shows it (never its secret). */
export const webhookEndpoint = z.object({
  id: z.uuid(),
  mode: apiMode,
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(webhookEventType),
  status: z.enum(['enabled', 'disabled']),
  /** `delivery_failed` (3 days of failures) or `disabled_by_owner`. */
  disabledReason: z.string().nullable(),
  disabledAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpoint>;

const eventTypeList = z
  .array(webhookEventType)
  .min(1)
  .max(webhookEventTypes.length)
  .refine((a) => new Set(a).size === a.length, 'event types must not repeat');

/** POST /api/developer/webhooks/endpoints */
export const createWebhookEndpointBody = z.strictObject({
  url: z.string().trim().min(1).max(2000),
  mode: apiMode,
  eventTypes: eventTypeList,
  description: z.string().trim().max(200).default(''),
});
export type CreateWebhookEndpointBody = z.input<typeof createWebhookEndpointBody>;

/** The endpoint and its signing secret (`whsec_…`): shown this once, at creation and when rolled. */
export const webhookEndpointWithSecret = z.object({ endpoint: webhookEndpoint, secret: z.string() });
export type WebhookEndpointWithSecret = z.infer<typeof webhookEndpointWithSecret>;

/** PATCH /api/developer/webhooks/endpoints/:id (enabled: false disables it, true enables it again). */
export const updateWebhookEndpointBody = z.strictObject({
  url: z.string().trim().min(1).max(2000).optional(),
  eventTypes: eventTypeList.optional(),
  description: z.string().trim().max(200).optional(),
  enabled: z.boolean().optional(),
});
export type UpdateWebhookEndpointBody = z.infer<typeof updateWebhookEndpointBody>;

export const webhookDeliveryStatuses = ['pending', 'succeeded', 'failed'] as const;

/** GET /api/developer/webhooks/deliveries: newest first, `cursor` from the previous page. */
export const webhookDeliveryListQuery = z.strictObject({
  endpointId: z.uuid().optional(),
  status: z.enum(webhookDeliveryStatuses).optional(),
  eventType: webhookEventType.or(z.literal('test.ping')).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional(),
});
export type WebhookDeliveryListQuery = z.infer<typeof webhookDeliveryListQuery>;

/** One HTTP attempt of a delivery (bodies are excerpts of at most 2 KB; delivered goods masked). */
export const webhookAttempt = z.object({
  attempt: z.number().int(),
  requestHeaders: z.record(z.string(), z.string()),
  requestBody: z.string(),
  responseStatus: z.number().int().nullable(),
  responseBody: z.string().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type WebhookAttempt = z.infer<typeof webhookAttempt>;

/** One event to one target: an endpoint, or (endpointId null) an order's own callback URL. */
export const webhookDelivery = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string(),
  mode: apiMode,
  endpointId: z.uuid().nullable(),
  url: z.string(),
  subjectKey: z.string(),
  status: z.enum(webhookDeliveryStatuses),
  attempts: z.number().int(),
  nextAttemptAt: z.iso.datetime().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  attemptLog: z.array(webhookAttempt),
});
export type WebhookDelivery = z.infer<typeof webhookDelivery>;
export const webhookDeliveryPage = z.object({
  items: z.array(webhookDelivery),
  nextCursor: z.string().nullable(),
});
export type WebhookDeliveryPage = z.infer<typeof webhookDeliveryPage>;

/** GET /api/developer/webhooks/events/:id: the event as receivers get it (delivered goods masked). */
export const webhookEventDetail = z.object({
  id: z.uuid(),
  type: z.string(),
  mode: apiMode,
  subjectKey: z.string(),
  createdAt: z.iso.datetime(),
  payload: apiWebhookEvent,
});
export type WebhookEventDetail = z.infer<typeof webhookEventDetail>;
