import type {
  ApiWebhookEndpoint,
  ApiWebhookEndpointWithSecret,
  ApiWebhookTestDelivery,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '@kameng/shared';

/** An endpoint as the open API serves it (snake_case, no secret). */
export function apiWebhookEndpointDto(e: WebhookEndpoint): ApiWebhookEndpoint {
  return {
    id: e.id,
    url: e.url,
    mode: e.mode,
    event_types: e.eventTypes,
    description: e.description,
    status: e.status,
    disabled_reason: e.disabledReason,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

/** An endpoint with its freshly made secret (create and roll-secret answers only). */
export function apiWebhookEndpointWithSecretDto(r: WebhookEndpointWithSecret): ApiWebhookEndpointWithSecret {
  return { ...apiWebhookEndpointDto(r.endpoint), secret: r.secret };
}

/** A test delivery as the open API serves it: the outcome, not the attempt log (the console shows that). */
export function apiWebhookTestDeliveryDto(d: WebhookDelivery, endpointId: string): ApiWebhookTestDelivery {
  return {
    id: d.id,
    event_id: d.eventId,
    endpoint_id: d.endpointId ?? endpointId,
    url: d.url,
    status: d.status,
    response_status: d.lastStatus,
    error: d.lastError,
    created_at: d.createdAt,
    finished_at: d.finishedAt,
  };
}
