import {
  cancelOrderBody,
  createOrderBody,
  createOrderResponse,
  orderLookupBody,
  orderLookupResponse,
  orderNoParams,
  orderReturnBody,
  orderViewQuery,
  payOrderBody,
  payOrderResponse,
  payWithBalanceBody,
  payWithBalanceResponse,
  publicOrderView,
} from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cancelOrder } from '../../modules/orders/cancel-order';
import { createOrder } from '../../modules/orders/create-order';
import { getPublicOrder, publicView } from '../../modules/orders/get-public-order';
import { lookupOrder } from '../../modules/orders/lookup-order';
import { openOrder } from '../../modules/orders/order-access';
import { payWithBalance } from '../../modules/orders/pay-with-balance';
import { startPayment } from '../../modules/payments/start-payment';
import { queryOrderPayment } from '../../modules/payments/query-payment';

const tags = ['store-checkout'];
const open = { access: 'public' } as const;
// Spending a balance needs the full session checks (CSRF, 2FA step, active reseller), not just the token.
const reseller = { access: 'reseller' } as const;

const deviceOf = (ua: string | undefined): 'pc' | 'mobile' | 'wechat' =>
  !ua ? 'pc' : /MicroMessenger/i.test(ua) ? 'wechat' : /Mobile|Android|iPhone/i.test(ua) ? 'mobile' : 'pc';

/** Guest checkout: create an order, pay it, view it (delivery only with its token), find it again. */
export const checkoutRoutes: FastifyPluginAsyncZod = async (app) => {
  const baseUrl = (req: { protocol: string; host: string }) =>
    app.deps.config.publicUrl ?? `${req.protocol}://${req.host}`;

  app.post(
    '/orders',
    { config: open, schema: { tags, body: createOrderBody, response: { 201: createOrderResponse } } },
    async (req, reply) => {
      const { order, accessToken } = await createOrder(req.ctx, {
        ...req.body,
        locale: req.body.locale ?? req.ctx.locale,
      });
      return reply.code(201).send({
        orderNo: order.orderNo,
        accessToken,
        total: order.total,
        currency: order.currency,
        expiresAt: order.expiresAt.toISOString(),
        status: order.status,
      });
    },
  );

  app.post(
    '/orders/lookup',
    { config: open, schema: { tags, body: orderLookupBody, response: { 200: orderLookupResponse } } },
    async (req) => lookupOrder(req.ctx, req.body),
  );

  app.post(
    '/orders/:orderNo/pay',
    {
      config: open,
      schema: { tags, params: orderNoParams, body: payOrderBody, response: { 200: payOrderResponse } },
    },
    async (req) => {
      const order = await openOrder(req.ctx, req.params.orderNo, req.body.accessToken);
      const started = await startPayment(req.ctx, {
        orderId: order.id,
        ...(req.body.channelId ? { channelId: req.body.channelId } : {}),
        ...(req.body.method ? { method: req.body.method } : {}),
        returnUrl: `${baseUrl(req)}/orders/${order.orderNo}?token=${encodeURIComponent(req.body.accessToken)}`,
        clientIp: req.ip,
        device: deviceOf(req.headers['user-agent']),
        baseUrl: baseUrl(req),
      });
      return { ...started, expiresAt: started.expiresAt.toISOString() };
    },
  );

  app.post(
    '/orders/:orderNo/pay-balance',
    {
      config: reseller,
      schema: {
        tags,
        params: orderNoParams,
        body: payWithBalanceBody,
        response: { 200: payWithBalanceResponse },
      },
    },
    async (req) => {
      const order = await openOrder(req.ctx, req.params.orderNo, req.body.accessToken);
      const res = await payWithBalance(req.ctx, order, {
        useBalance: req.body.useBalance,
        ...(req.body.channelId ? { channelId: req.body.channelId } : {}),
        ...(req.body.method ? { method: req.body.method } : {}),
        returnUrl: `${baseUrl(req)}/orders/${order.orderNo}?token=${encodeURIComponent(req.body.accessToken)}`,
        clientIp: req.ip,
        device: deviceOf(req.headers['user-agent']),
        baseUrl: baseUrl(req),
      });
      if (res.paid) return { paid: true as const, order: await publicView(req.ctx, res.order, true) };
      return {
        paid: false as const,
        balanceHeld: res.balanceHeld,
        payment: { ...res.payment, expiresAt: res.payment.expiresAt.toISOString() },
      };
    },
  );

  app.post(
    '/orders/:orderNo/cancel',
    {
      config: open,
      schema: { tags, params: orderNoParams, body: cancelOrderBody, response: { 200: publicOrderView } },
    },
    async (req) => {
      const order = await openOrder(req.ctx, req.params.orderNo, req.body.accessToken);
      return publicView(req.ctx, await cancelOrder(req.ctx, order.id), true);
    },
  );

  app.get(
    '/orders/:orderNo',
    {
      config: open,
      schema: {
        tags,
        params: orderNoParams,
        querystring: orderViewQuery,
        response: { 200: publicOrderView },
      },
    },
    async (req, reply) => {
      const gone = new AbortController();
      reply.raw.once('close', () => gone.abort());
      return getPublicOrder(req.ctx, req.params.orderNo, req.query.token, {
        waitMs: (req.query.wait ?? 0) * 1000,
        abort: gone.signal,
      });
    },
  );

  app.post(
    '/orders/:orderNo/return',
    {
      config: open,
      schema: { tags, params: orderNoParams, body: orderReturnBody, response: { 200: publicOrderView } },
    },
    async (req) => {
      const order = await openOrder(req.ctx, req.params.orderNo, req.body.token);
      if (order.status === 'pending_payment' || order.status === 'expired') {
        await queryOrderPayment(req.ctx, order.id);
        return publicView(req.ctx, await openOrder(req.ctx, req.params.orderNo, req.body.token), true);
      }
      return publicView(req.ctx, order, true);
    },
  );
};
