import {
  createWebhookEndpointBody,
  idParams,
  updateWebhookEndpointBody,
  webhookDelivery,
  webhookDeliveryListQuery,
  webhookDeliveryPage,
  webhookEndpoint,
  webhookEndpointWithSecret,
  webhookEventDetail,
} from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookEndpoints,
  rollWebhookSecret,
  updateWebhookEndpoint,
} from '../../modules/webhooks/manage-webhook-endpoints';
import {
  getWebhookDelivery,
  getWebhookEvent,
  listWebhookDeliveries,
  redeliverWebhook,
  sendTestWebhook,
} from '../../modules/webhooks/webhook-deliveries';

const tags = ['developer'];
const config = { access: 'reseller' } as const;

/** The developer console: webhook endpoints, deliveries, redeliver, test events. */
export const developerWebhookRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/endpoints',
    { config, schema: { tags, response: { 200: z.object({ items: z.array(webhookEndpoint) }) } } },
    async (req) => ({ items: await listWebhookEndpoints(req.ctx) }),
  );
  app.post(
    '/endpoints',
    {
      config,
      schema: { tags, body: createWebhookEndpointBody, response: { 201: webhookEndpointWithSecret } },
    },
    async (req, reply) => reply.status(201).send(await createWebhookEndpoint(req.ctx, req.body)),
  );
  app.patch(
    '/endpoints/:id',
    {
      config,
      schema: { tags, params: idParams, body: updateWebhookEndpointBody, response: { 200: webhookEndpoint } },
    },
    async (req) => updateWebhookEndpoint(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/endpoints/:id/roll-secret',
    { config, schema: { tags, params: idParams, response: { 200: webhookEndpointWithSecret } } },
    async (req) => rollWebhookSecret(req.ctx, req.params.id),
  );
  app.delete(
    '/endpoints/:id',
    { config, schema: { tags, params: idParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteWebhookEndpoint(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/endpoints/:id/test',
    { config, schema: { tags, params: idParams, response: { 200: webhookDelivery } } },
    async (req) => sendTestWebhook(req.ctx, req.params.id),
  );

  app.get(
    '/deliveries',
    {
      config,
      schema: { tags, querystring: webhookDeliveryListQuery, response: { 200: webhookDeliveryPage } },
    },
    async (req) => listWebhookDeliveries(req.ctx, req.query),
  );
  app.get(
    '/deliveries/:id',
    { config, schema: { tags, params: idParams, response: { 200: webhookDelivery } } },
    async (req) => getWebhookDelivery(req.ctx, req.params.id),
  );
  app.post(
    '/deliveries/:id/redeliver',
    { config, schema: { tags, params: idParams, response: { 200: webhookDelivery } } },
    async (req) => redeliverWebhook(req.ctx, req.params.id),
  );
  app.get(
    '/events/:id',
    { config, schema: { tags, params: idParams, response: { 200: webhookEventDetail } } },
    async (req) => getWebhookEvent(req.ctx, req.params.id),
  );
};
