import type {
  AdminApiCallQuery,
  AdminUpdateCredentialBody,
  ApiCredential,
  ApiCredentialList,
  AdminApiReseller,
  AdminApiResellerList,
  AdminApiStatsQuery,
  ApiAccessStatus,
  ApiCallPage,
  ApiRolloutSettings,
  ApiStats,
  PinApiVersionBody,
  ResellerLevel,
  ResellerLevelBody,
  ResellerLevelList,
  ResellerLevelPriceList,
  SetApiAccessBody,
  SetResellerLevelBody,
  SetResellerLevelPricesBody,
  UpdateApiRolloutBody,
  UpdateResellerLevelBody,
  updateWebhookSettingsBody,
  WebhookSettings,
} from '@kameng/shared';
import type { z } from 'zod';
import { query, request } from './client';
import type { CallParams } from './developer';

/* The admin's docking pages (/api/admin/docking/*): reseller API access, versions, levels, monitoring. */

const A = '/api/admin/docking';
const id = (v: string) => encodeURIComponent(v);

/** Query keys of the admin's docking pages. */
export const adminDockingKeys = {
  all: ['admin', 'docking'] as const,
  resellers: ['admin', 'docking', 'resellers'] as const,
  rollout: ['admin', 'docking', 'rollout'] as const,
  levels: ['admin', 'docking', 'levels'] as const,
  prices: (levelId: string) => ['admin', 'docking', 'levels', levelId, 'prices'] as const,
  stats: ['admin', 'docking', 'stats'] as const,
  webhookSettings: ['admin', 'docking', 'webhook-settings'] as const,
  calls: ['admin', 'docking', 'calls'] as const,
  credentials: (resellerId: string) => ['admin', 'docking', 'resellers', resellerId, 'credentials'] as const,
};

/** Resellers with their API access, versions and levels. */
export function fetchApiResellers(params: { apiStatus?: ApiAccessStatus }): Promise<AdminApiResellerList> {
  return request('GET', A + '/resellers' + query(params));
}

/** Approves, rejects, suspends or restores a reseller's API access. */
export function setApiAccess(resellerId: string, body: SetApiAccessBody): Promise<AdminApiReseller> {
  return request('POST', A + '/resellers/' + id(resellerId) + '/access', body);
}

/** Pins a reseller to a protocol version (null: the rollout decides). */
export function pinApiVersion(resellerId: string, body: PinApiVersionBody): Promise<AdminApiReseller> {
  return request('PUT', A + '/resellers/' + id(resellerId) + '/version', body);
}

/** Puts a reseller on a level (null: none). */
export function setResellerLevel(resellerId: string, body: SetResellerLevelBody): Promise<AdminApiReseller> {
  return request('PUT', A + '/resellers/' + id(resellerId) + '/level', body);
}

/** The gray-release settings of the next protocol version. */
export function fetchRollout(): Promise<ApiRolloutSettings> {
  return request('GET', A + '/rollout');
}

export function updateRollout(body: UpdateApiRolloutBody): Promise<ApiRolloutSettings> {
  return request('PUT', A + '/rollout', body);
}

/** Reseller levels. */
export function fetchLevels(): Promise<ResellerLevelList> {
  return request('GET', A + '/levels');
}

export function createLevel(body: ResellerLevelBody): Promise<ResellerLevel> {
  return request('POST', A + '/levels', body);
}

export function updateLevel(levelId: string, body: UpdateResellerLevelBody): Promise<ResellerLevel> {
  return request('PATCH', A + '/levels/' + id(levelId), body);
}

export async function deleteLevel(levelId: string): Promise<void> {
  await request('DELETE', A + '/levels/' + id(levelId));
}

/** A level's price list (fixed prices per SKU). */
export function fetchLevelPrices(levelId: string): Promise<ResellerLevelPriceList> {
  return request('GET', A + '/levels/' + id(levelId) + '/prices');
}

export function setLevelPrices(
  levelId: string,
  body: SetResellerLevelPricesBody,
): Promise<ResellerLevelPriceList> {
  return request('PUT', A + '/levels/' + id(levelId) + '/prices', body);
}

export async function deleteLevelPrice(levelId: string, skuId: string): Promise<void> {
  await request('DELETE', A + '/levels/' + id(levelId) + '/prices/' + id(skuId));
}

/** Every account's figures (or one reseller's). */
export function fetchAdminStats(params: AdminApiStatsQuery): Promise<ApiStats> {
  return request('GET', A + '/stats' + query(params));
}

/** Every account's API calls (or one reseller's). */
export function fetchAdminCalls(
  params: CallParams & Pick<AdminApiCallQuery, 'resellerId'>,
): Promise<ApiCallPage> {
  return request('GET', A + '/calls' + query(params));
}

/** The platform's webhook settings (the SSRF allowance for private targets). */
export function fetchWebhookSettings(): Promise<WebhookSettings> {
  return request('GET', '/api/admin/settings/webhooks');
}

export function updateWebhookSettings(
  body: z.infer<typeof updateWebhookSettingsBody>,
): Promise<WebhookSettings> {
  return request('PUT', '/api/admin/settings/webhooks', body);
}

/** One reseller's credentials (never their secrets). */
export function fetchResellerCredentials(resellerId: string): Promise<ApiCredentialList> {
  return request('GET', A + '/resellers/' + id(resellerId) + '/credentials');
}

/** Sets a credential's rate limit (requests per minute). */
export function setCredentialRateLimit(
  credentialId: string,
  body: AdminUpdateCredentialBody,
): Promise<ApiCredential> {
  return request('PATCH', A + '/credentials/' + id(credentialId), body);
}
