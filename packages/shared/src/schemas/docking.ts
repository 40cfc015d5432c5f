import { z } from 'zod';

/**
 * Docking (对接) constants shared by the server, the SDK and the developer console. The request and
 * response shapes of API v1 live in api-v1.ts; the console's in docking-console.ts.
 */

/** Sandbox credentials only ever see sandbox orders and the sandbox balance; live ones only live data. */
export const apiModes = ['sandbox', 'live'] as const;
export type ApiMode = (typeof apiModes)[number];

/** Least privilege: each credential holds a subset of these. */
export const apiScopes = [
  'catalog:read',
  'orders:read',
  'orders:write',
  'balance:read',
  'webhooks:read',
  'webhooks:write',
] as const;
export type ApiScope = (typeof apiScopes)[number];

/** Protocol versions served under /api/v1: the stable one, and the next one in gray release (灰度). */
export const apiVersions = ['1.0', '1.1'] as const;
export type ApiVersion = (typeof apiVersions)[number];
export const API_STABLE_VERSION: ApiVersion = '1.0';
/** Every API v1 response carries the version served in this header. */
export const API_VERSION_HEADER = 'Kameng-Version';

/** The events a webhook endpoint may subscribe to. */
export const webhookEventTypes = [
  'order.paid',
  'order.delivered',
  'order.refunded',
  'order.manual_required',
  'product.updated',
  'stock.changed',
  'balance.changed',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Reseller API access, granted and suspended by the platform. */
export const apiAccessStatuses = ['none', 'pending', 'approved', 'suspended'] as const;
export type ApiAccessStatus = (typeof apiAccessStatuses)[number];

export const apiMode = z.enum(apiModes);
export const apiScope = z.enum(apiScopes);
export const webhookEventType = z.enum(webhookEventTypes);
