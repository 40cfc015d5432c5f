import {
  apiCreateWebhookEndpointBody,
  apiError,
  apiUpdateWebhookEndpointBody,
  apiWebhookEndpoint,
  apiWebhookEndpointIdParams,
  apiWebhookEndpointList,
  apiWebhookEndpointWithSecret,
  apiWebhookTestDelivery,
} from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireApiActor } from '../../modules/docking/api-actor';
import { idempotentWrite } from '../../modules/docking/idempotency';
import {
  apiWebhookEndpointDto,
  apiWebhookEndpointWithSecretDto,
  apiWebhookTestDeliveryDto,
} from '../../modules/webhooks/api-webhook-endpoint-dto';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rollWebhookSecret,
  updateWebhookEndpoint,
} from '../../modules/webhooks/manage-webhook-endpoints';
import { sendTestWebhook } from '../../modules/webhooks/webhook-deliveries';
import { apiWriteRequest, idempotencyKeyHeaders } from '../api-auth';

const tags = ['open-api'];
const security = [{ kamengSignature: [] }];
const read = { access: { api: 'webhooks:read' } } as const;
const write = { access: { api: 'webhooks:write' } } as const;
const errors = {
  401: apiError.meta({ description: 'Signature refused (API_SIGNATURE_INVALID, API_NONCE_REPLAYED …)' }),
  403: apiError.meta({ description: 'API_SCOPE_MISSING, API_IP_NOT_ALLOWED, API_ACCESS_SUSPENDED' }),
  429: apiError.meta({ description: 'API_RATE_LIMITED; wait `Retry-After` seconds' }),
};
const notFound = apiError.meta({
  description: 'WEBHOOK_ENDPOINT_NOT_FOUND (also for another account’s endpoint or the other mode’s)',
});
const urlRefused = apiError.meta({
  description:
    'WEBHOOK_URL_FORBIDDEN: not http(s), or a private, loopback or link-local target (unless the platform allows them)',
  examples: [
    {
      code: 'WEBHOOK_URL_FORBIDDEN',
      message:
        'The callback URL must be http(s) and must not point to a private, loopback or link-local address',
      request_id: 'b1f0c2d4e6a8',
    },
  ],
});

const endpointExample = {
  id: '5b6c7d8e-9f01-4a23-8b45-6c7d8e9f0a1b',
  url: 'https://shop.example.com/kameng/webhooks',
  mode: 'live',
  event_types: ['order.delivered', 'order.refunded'],
  description: 'Order updates',
  status: 'enabled',
  disabled_reason: null,
  created_at: '2026-01-01T08:00:00.000Z',
  updated_at: '2026-01-01T08:00:00.000Z',
};
const withSecretExample = { ...endpointExample, secret: 'whsec_3q2-7wEXAMPLEexampleEXAMPLEexample0' };
const endpoint = apiWebhookEndpoint.meta({ examples: [endpointExample] });
const withSecret = apiWebhookEndpointWithSecret.meta({
  description:
    'The endpoint and its signing secret: shown this once (list and get never return it); store it.',
  examples: [withSecretExample],
});

/** The open API v1: the account's webhook endpoints in the credential's mode (scopes webhooks:read / write). */
export const apiV1WebhookRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/webhook-endpoints',
    {
      config: read,
      schema: {
        tags,
        security,
        summary: 'Your webhook endpoints in this mode, newest first',
        response: {
          200: apiWebhookEndpointList.meta({ examples: [{ data: [endpointExample] }] }),
          ...errors,
        },
      },
    },
    async (req) => ({ data: (await listWebhookEndpoints(req.ctx)).map(apiWebhookEndpointDto) }),
  );

  app.get(
    '/webhook-endpoints/:id',
    {
      config: read,
      schema: {
        tags,
        security,
        summary: 'One of your webhook endpoints',
        params: apiWebhookEndpointIdParams,
        response: { 200: endpoint, 404: notFound, ...errors },
      },
    },
    async (req) => apiWebhookEndpointDto(await getWebhookEndpoint(req.ctx, req.params.id)),
  );

  app.post(
    '/webhook-endpoints',
    {
      config: write,
      schema: {
        tags,
        security,
        summary: 'Add a webhook endpoint; its signing secret is shown this once',
        description:
          'The endpoint gets the calling credential’s mode (a sandbox key adds a sandbox endpoint, which ' +
          'receives sandbox events only). The URL must be http(s) on the public internet; it is checked ' +
          'again at every delivery. At most 10 endpoints per account, both modes together ' +
          '(WEBHOOK_ENDPOINT_LIMIT). Verify deliveries with `secret` (the `Kameng-Signature` header). ' +
          'An `Idempotency-Key` header (as for orders, kept 24 h) replays the first answer, secret included, ' +
          'to the same request (`Idempotent-Replayed: true`; IDEMPOTENCY_KEY_REUSED for another body), so a ' +
          'retried create never adds a second endpoint.',
        headers: idempotencyKeyHeaders,
        body: apiCreateWebhookEndpointBody.meta({
          examples: [
            {
              url: 'https://shop.example.com/kameng/webhooks',
              event_types: ['order.delivered', 'order.refunded'],
              description: 'Order updates',
            },
          ],
        }),
        response: {
          201: withSecret,
          400: apiError.meta({
            description: 'WEBHOOK_URL_FORBIDDEN (as for PATCH), or IDEMPOTENCY_KEY_INVALID: a malformed key',
          }),
          409: apiError.meta({ description: 'WEBHOOK_ENDPOINT_LIMIT' }),
          422: apiError.meta({ description: 'IDEMPOTENCY_KEY_REUSED' }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const { mode } = requireApiActor(req.ctx);
      const res = await idempotentWrite(req.ctx, apiWriteRequest(req), async (tx) => {
        const created = await createWebhookEndpoint(tx, {
          url: req.body.url,
          mode,
          eventTypes: req.body.event_types,
          ...(req.body.description !== undefined ? { description: req.body.description } : {}),
        });
        return { status: 201, body: apiWebhookEndpointWithSecretDto(created) };
      });
      if (res.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(res.status).send(res.body);
    },
  );

  app.patch(
    '/webhook-endpoints/:id',
    {
      config: write,
      schema: {
        tags,
        security,
        summary: 'Change an endpoint’s URL, events or description, or disable / enable it',
        description:
          'Only the fields given change. `enabled: false` disables the endpoint (its pending deliveries fail; ' +
          'nothing is sent to it); `enabled: true` enables an endpoint disabled by you or after 3 days of ' +
          'failed deliveries. A new URL is checked like at creation; pending deliveries follow it.',
        params: apiWebhookEndpointIdParams,
        body: apiUpdateWebhookEndpointBody.meta({
          examples: [{ event_types: ['order.delivered'] }, { enabled: true }],
        }),
        response: { 200: endpoint, 400: urlRefused, 404: notFound, ...errors },
      },
    },
    async (req) => {
      const b = req.body;
      const updated = await updateWebhookEndpoint(req.ctx, req.params.id, {
        ...(b.url !== undefined ? { url: b.url } : {}),
        ...(b.event_types !== undefined ? { eventTypes: b.event_types } : {}),
        ...(b.description !== undefined ? { description: b.description } : {}),
        ...(b.enabled !== undefined ? { enabled: b.enabled } : {}),
      });
      return apiWebhookEndpointDto(updated);
    },
  );

  app.post(
    '/webhook-endpoints/:id/roll-secret',
    {
      config: write,
      schema: {
        tags,
        security,
        summary: 'Replace an endpoint’s signing secret; the new one is shown this once',
        description:
          'The old secret stops verifying at once: deliveries from now on are signed with the new one.',
        params: apiWebhookEndpointIdParams,
        response: { 200: withSecret, 404: notFound, ...errors },
      },
    },
    async (req) => apiWebhookEndpointWithSecretDto(await rollWebhookSecret(req.ctx, req.params.id)),
  );

  app.delete(
    '/webhook-endpoints/:id',
    {
      config: write,
      schema: {
        tags,
        security,
        summary: 'Delete an endpoint',
        description: 'Its pending deliveries fail; past deliveries stay in the console’s delivery log.',
        params: apiWebhookEndpointIdParams,
        response: { 204: z.null().meta({ description: 'Deleted' }), 404: notFound, ...errors },
      },
    },
    async (req, reply) => {
      await deleteWebhookEndpoint(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/webhook-endpoints/:id/test',
    {
      config: write,
      schema: {
        tags,
        security,
        summary: 'Send a signed `test.ping` event to the endpoint now',
        description:
          'One attempt, at once, no retries; the answer says how the endpoint responded (`status` succeeded ' +
          'on a 2xx). Signed and shaped like every event (`type: test.ping`), to check a receiver end to end.',
        params: apiWebhookEndpointIdParams,
        response: {
          200: apiWebhookTestDelivery.meta({
            examples: [
              {
                id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
                event_id: '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f',
                endpoint_id: endpointExample.id,
                url: endpointExample.url,
                status: 'succeeded',
                response_status: 200,
                error: null,
                created_at: '2026-01-01T08:00:00.000Z',
                finished_at: '2026-01-01T08:00:00.120Z',
              },
            ],
          }),
          404: notFound,
          409: apiError.meta({ description: 'WEBHOOK_ENDPOINT_DISABLED: enable it first' }),
          ...errors,
        },
      },
    },
    async (req) => apiWebhookTestDeliveryDto(await sendTestWebhook(req.ctx, req.params.id), req.params.id),
  );
};
