import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  completeSandboxTrade,
  gatewayPay,
  gatewayQuery,
  gatewayRefund,
  getSandboxTrade,
} from '../../modules/payments/sandbox/gateway';
import { cashierPage, donePage } from '../../modules/payments/sandbox/cashier-page';

const config = { access: 'public' } as const;
// The simulated remote gateway speaks its own protocol: kept out of Kameng's OpenAPI document.
const tags = ['sandbox-gateway'];
const hide = true;
const tradeParams = z.object({ tradeNo: z.string().regex(/^SBX[0-9A-F]{20}$/) });

/**
 * Kameng's simulated payment gateway, mounted at /sandbox-gateway: a separate signed protocol that
 * behaves like a remote gateway (signed API, cashier page, asynchronous notifies with retries).
 */
export const sandboxGatewayRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(formbody);
  const base = (req: { protocol: string; host: string }) =>
    `${app.deps.config.publicUrl ?? `${req.protocol}://${req.host}`}/sandbox-gateway`;

  app.post('/api/pay', { config, schema: { tags, hide } }, async (req) =>
    gatewayPay(req.ctx, req.body, base(req)),
  );
  app.post('/api/query', { config, schema: { tags, hide } }, async (req) => gatewayQuery(req.ctx, req.body));
  app.post('/api/refund', { config, schema: { tags, hide } }, async (req) =>
    gatewayRefund(req.ctx, req.body),
  );

  app.get(
    '/cashier/:tradeNo',
    { config, schema: { tags, hide, params: tradeParams } },
    async (req, reply) => {
      const trade = await getSandboxTrade(req.ctx, req.params.tradeNo);
      const html = trade ? cashierPage(trade, req.ctx.locale) : donePage('unknown', req.ctx.locale);
      return reply
        .code(trade ? 200 : 404)
        .type('text/html; charset=utf-8')
        .send(html);
    },
  );
  app.post(
    '/cashier/:tradeNo/:outcome',
    {
      config,
      schema: { tags, hide, params: tradeParams.extend({ outcome: z.enum(['pay', 'fail', 'cancel']) }) },
    },
    async (req, reply) => {
      const done = await completeSandboxTrade(req.ctx, req.params.tradeNo, req.params.outcome);
      if (done?.returnUrl && /^https?:\/\//.test(done.returnUrl)) return reply.redirect(done.returnUrl, 303);
      return reply
        .code(done ? 200 : 409)
        .type('text/html; charset=utf-8')
        .send(donePage(done ? req.params.outcome : 'final', req.ctx.locale));
    },
  );
};
