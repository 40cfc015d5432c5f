import {
  channelTestResult,
  createChannelBody,
  duplicateRefund,
  markDuplicateRefundedBody,
  notifyListQuery,
  notifyLogEntry,
  paymentAnomaly,
  paymentAttemptIdParams,
  paymentChannel,
  paymentChannelIdParams,
  updateChannelBody,
} from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createChannel,
  listChannels,
  pauseChannel,
  resumeChannel,
  updateChannel,
} from '../../modules/payments/admin-channels';
import { listAnomalies, listNotifies } from '../../modules/payments/list-notifies';
import { markDuplicateRefundedOffline } from '../../modules/payments/mark-duplicate-refunded';
import { testChannel } from '../../modules/payments/test-channel';

const tags = ['admin-payments'];
const config = { access: 'admin' } as const;
const params = paymentChannelIdParams;

/** The platform admin's payment channels, notify log and anomaly view. Credentials are write-only. */
export const adminPaymentRoutes: FastifyPluginAsyncZod = async (app) => {
  const baseUrl = (req: { protocol: string; host: string }) =>
    app.deps.config.publicUrl ?? `${req.protocol}://${req.host}`;

  app.get(
    '/channels',
    { config, schema: { tags, response: { 200: z.object({ items: z.array(paymentChannel) }) } } },
    async (req) => ({ items: await listChannels(req.ctx) }),
  );
  app.post(
    '/channels',
    { config, schema: { tags, body: createChannelBody, response: { 201: paymentChannel } } },
    async (req, reply) => reply.code(201).send(await createChannel(req.ctx, req.body)),
  );
  app.patch(
    '/channels/:id',
    { config, schema: { tags, params, body: updateChannelBody, response: { 200: paymentChannel } } },
    async (req) => updateChannel(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/channels/:id/pause',
    { config, schema: { tags, params, response: { 200: paymentChannel } } },
    async (req) => pauseChannel(req.ctx, req.params.id),
  );
  // Enables the channel again and lifts an automatic pause now (failure count cleared).
  app.post(
    '/channels/:id/resume',
    { config, schema: { tags, params, response: { 200: paymentChannel } } },
    async (req) => resumeChannel(req.ctx, req.params.id),
  );
  app.post(
    '/channels/:id/test',
    { config, schema: { tags, params, response: { 200: channelTestResult } } },
    async (req) => testChannel(req.ctx, req.params.id, baseUrl(req)),
  );
  app.get(
    '/notifies',
    {
      config,
      schema: {
        tags,
        querystring: notifyListQuery,
        response: { 200: z.object({ items: z.array(notifyLogEntry) }) },
      },
    },
    async (req) => ({ items: await listNotifies(req.ctx, req.query) }),
  );
  app.get(
    '/anomalies',
    { config, schema: { tags, response: { 200: z.object({ items: z.array(paymentAnomaly) }) } } },
    async (req) => ({ items: await listAnomalies(req.ctx) }),
  );
  // A duplicate payment the channel could not refund, returned by hand (bank transfer …): booked and audited.
  app.post(
    '/attempts/:attemptId/refunded-offline',
    {
      config,
      schema: {
        tags,
        params: paymentAttemptIdParams,
        body: markDuplicateRefundedBody,
        response: { 200: duplicateRefund },
      },
    },
    async (req) => markDuplicateRefundedOffline(req.ctx, req.params.attemptId, req.body),
  );
};
