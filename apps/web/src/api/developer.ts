import type {
  ApiAccessRequestResult,
  CreateWebhookEndpointBody,
  ApiCallPage,
  ApiCallQuery,
  ApiCredential,
  ApiCredentialList,
  ApiCredentialWithSecret,
  ApiStats,
  ApiStatsQuery,
  CreateApiCredentialBody,
  DeveloperOverview,
  RotateApiCredentialBody,
  SandboxTopUpBody,
  SandboxTopUpResult,
  SignatureDebugBody,
  SignatureDebugResult,
  UpdateApiCredentialBody,
  UpdateWebhookEndpointBody,
  WebhookDelivery,
  WebhookDeliveryListQuery,
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '@kameng/shared';
import { query, request } from './client';

/*
 * The developer console's client (/api/developer/*, session cookie + CSRF, camelCase JSON).
 * Request and response types are the shared ones the server validates with.
 */

const D = '/api/developer';

/** Call log filters as sent (the cursor and page size as numbers, not the schema's coerced input). */
export type CallParams = Omit<ApiCallQuery, 'before' | 'limit'> & { before?: number; limit?: number };
const id = (v: string) => encodeURIComponent(v);

/** Query keys of the developer console; everything lives under `developer`. */
export const developerKeys = {
  all: ['developer'] as const,
  overview: ['developer', 'overview'] as const,
  credentials: ['developer', 'credentials'] as const,
  calls: ['developer', 'calls'] as const,
  stats: ['developer', 'stats'] as const,
  webhooks: ['developer', 'webhooks'] as const,
};

/** Access status, served version, balances and credential count of the signed-in reseller. */
export function fetchDeveloperOverview(): Promise<DeveloperOverview> {
  return request('GET', D + '/overview');
}

/** Asks the platform for API access (none → pending). */
export function requestApiAccess(): Promise<ApiAccessRequestResult> {
  return request('POST', D + '/access-request');
}

/** Adds test money to the sandbox balance. */
export function topUpSandbox(body: SandboxTopUpBody): Promise<SandboxTopUpResult> {
  return request('POST', D + '/sandbox/top-up', body);
}

/** Every credential of the reseller, revoked ones included. */
export function fetchCredentials(): Promise<ApiCredentialList> {
  return request('GET', D + '/credentials');
}

/** Creates a credential; the answer carries the AppSecret this once. */
export function createCredential(body: CreateApiCredentialBody): Promise<ApiCredentialWithSecret> {
  return request('POST', D + '/credentials', body);
}

/** Changes name, scopes, IP allow-list or expiry. */
export function updateCredential(
  credentialId: string,
  body: UpdateApiCredentialBody,
): Promise<ApiCredential> {
  return request('PATCH', D + '/credentials/' + id(credentialId), body);
}

/** Issues a new secret; the old one keeps working for the overlap. */
export function rotateCredential(
  credentialId: string,
  body: RotateApiCredentialBody,
): Promise<ApiCredentialWithSecret> {
  return request('POST', D + '/credentials/' + id(credentialId) + '/rotate', body);
}

/** Revokes a credential at once. */
export function revokeCredential(credentialId: string): Promise<ApiCredential> {
  return request('POST', D + '/credentials/' + id(credentialId) + '/revoke');
}

/** One page of the API call log, newest first. */
export function fetchCalls(params: CallParams): Promise<ApiCallPage> {
  return request('GET', D + '/calls' + query(params));
}

/** Calls, errors and latency per bucket over 24 h or 7 d. */
export function fetchStats(params: ApiStatsQuery): Promise<ApiStats> {
  return request('GET', D + '/stats' + query(params));
}

/** Recomputes the signature of a pasted request and says what differs. */
export function debugSignature(body: SignatureDebugBody): Promise<SignatureDebugResult> {
  return request('POST', D + '/signature-debug', body);
}

// ——— webhooks (/api/developer/webhooks) ———

const W = D + '/webhooks';

/** Delivery log filters as sent. */
export type DeliveryParams = Partial<Omit<WebhookDeliveryListQuery, 'limit'>> & { limit?: number };

/** Every webhook endpoint of the reseller. */
export function fetchWebhookEndpoints(): Promise<{ items: WebhookEndpoint[] }> {
  return request('GET', W + '/endpoints');
}

/** Creates an endpoint; the answer carries its signing secret this once. */
export function createWebhookEndpoint(body: CreateWebhookEndpointBody): Promise<WebhookEndpointWithSecret> {
  return request('POST', W + '/endpoints', body);
}

/** Changes URL, event types or description, or disables / enables the endpoint. */
export function updateWebhookEndpoint(
  endpointId: string,
  body: UpdateWebhookEndpointBody,
): Promise<WebhookEndpoint> {
  return request('PATCH', W + '/endpoints/' + id(endpointId), body);
}

/** Issues a new signing secret (shown once). */
export function rollWebhookSecret(endpointId: string): Promise<WebhookEndpointWithSecret> {
  return request('POST', W + '/endpoints/' + id(endpointId) + '/roll-secret');
}

export async function deleteWebhookEndpoint(endpointId: string): Promise<void> {
  await request('DELETE', W + '/endpoints/' + id(endpointId));
}

/** Queues a `test.ping` event to the endpoint. */
export function sendTestWebhook(endpointId: string): Promise<WebhookDelivery> {
  return request('POST', W + '/endpoints/' + id(endpointId) + '/test');
}

/** One page of deliveries (newest first) with their attempts. */
export function fetchWebhookDeliveries(params: DeliveryParams): Promise<WebhookDeliveryPage> {
  return request('GET', W + '/deliveries' + query(params));
}

/** Sends a delivery again now. */
export function redeliverWebhook(deliveryId: string): Promise<WebhookDelivery> {
  return request('POST', W + '/deliveries/' + id(deliveryId) + '/redeliver');
}
