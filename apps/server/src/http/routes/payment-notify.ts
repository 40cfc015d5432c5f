import querystring from 'node:querystring';
import { paymentMethods } from '@kameng/shared';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { handleNotify } from '../../modules/payments/handle-notify';
import { listPaymentMethods } from '../../modules/payments/list-notifies';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

const tags = ['payments'];
const config = { access: 'public' } as const;
const params = z.object({ channelId: z.string().min(1).max(64) });

/**
 * Payment callbacks (/api/pay/notify/:channelId, GET or POST; form, JSON or query) and the public
 * list of payment methods. Bodies are parsed here, keeping the raw text for providers that sign it;
 * repeated form keys become arrays, which the shared callback path rejects.
 */
export const paymentNotifyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.removeAllContentTypeParsers();
  const keepRaw =
    (parse: (s: string) => unknown) =>
    (req: FastifyRequest, body: string | Buffer, done: (e: Error | null, v?: unknown) => void) => {
      const text = String(body);
      req.rawBody = text;
      try {
        done(null, parse(text));
      } catch {
        done(null, text); // not JSON: the callback path rejects a non-object body
      }
    };
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    keepRaw((s) => ({ ...querystring.parse(s) })),
  );
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    keepRaw((s) => (s === '' ? undefined : JSON.parse(s))),
  );
  app.addContentTypeParser(
    '*',
    { parseAs: 'string' },
    keepRaw((s) => s),
  );

  const notify = async (req: FastifyRequest<{ Params: z.infer<typeof params> }>) =>
    handleNotify({ ...req.ctx, actor: { kind: 'system', name: 'payments:notify' } }, req.params.channelId, {
      method: req.method,
      query: req.query,
      body: req.body,
      headers: req.headers,
      rawBody: req.rawBody ?? '',
      ip: req.ip,
    });
  app.route({
    method: ['GET', 'POST'],
    url: '/notify/:channelId',
    config,
    // A gateway protocol endpoint (plain-text replies the gateway expects), not part of the REST API document.
    schema: { tags, params, hide: true },
    handler: async (req, reply) => {
      const r = await notify(req);
      return reply.code(r.status).type(r.contentType).send(r.body);
    },
  });
  app.get('/methods', { config, schema: { tags, response: { 200: paymentMethods } } }, async (req) =>
    listPaymentMethods(req.ctx.db, req.ctx.now()),
  );
};
