import {
  deliverOrderBody,
  idParams,
  manualQueue,
  merchantAnomalyList,
  merchantAnomalyListQuery,
  merchantOrderDetail,
  merchantOrderList,
  merchantOrderListQuery,
  okResponse,
  orderStatus,
  refundOrderBody,
  replaceKeysBody,
} from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deliverManually } from '../../modules/orders/deliver-manually';
import { getOrderDetail } from '../../modules/orders/get-order-detail';
import { listManualQueue, listOrders } from '../../modules/orders/list-orders';
import { refundOrder } from '../../modules/orders/refund-order';
import { replaceKeys } from '../../modules/orders/replace-keys';
import { listMerchantAnomalies } from '../../modules/payments/list-merchant-anomalies';

const tags = ['merchant-orders'];
const read = { access: { merchant: 'orders.read' } } as const;
const manage = { access: { merchant: 'orders.manage' } } as const;

/**
 * The merchant console's orders: list, detail with timeline, manual queue, deliver, replace keys, refund,
 * and the payment anomalies of the merchant's orders.
 */
export const merchantOrderRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/orders',
    {
      config: read,
      schema: { tags, querystring: merchantOrderListQuery, response: { 200: merchantOrderList } },
    },
    async (req) => listOrders(req.ctx, req.query),
  );
  app.get('/manual-queue', { config: read, schema: { tags, response: { 200: manualQueue } } }, async (req) =>
    listManualQueue(req.ctx),
  );
  // The payment anomalies of the merchant's own orders (rejected notifies, healed, paid twice, refund failed).
  app.get(
    '/payment-anomalies',
    {
      config: read,
      schema: { tags, querystring: merchantAnomalyListQuery, response: { 200: merchantAnomalyList } },
    },
    async (req) => listMerchantAnomalies(req.ctx, req.query),
  );
  app.get(
    '/orders/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: merchantOrderDetail } } },
    async (req) => getOrderDetail(req.ctx, req.params.id),
  );
  app.post(
    '/orders/:id/deliver',
    {
      config: manage,
      schema: { tags, params: idParams, body: deliverOrderBody, response: { 200: okResponse } },
    },
    async (req) => {
      await deliverManually(req.ctx, req.params.id, req.body.text);
      return { ok: true as const };
    },
  );
  app.post(
    '/orders/:id/replace-keys',
    {
      config: manage,
      schema: {
        tags,
        params: idParams,
        body: replaceKeysBody,
        response: { 200: z.object({ sold: z.number().int() }) },
      },
    },
    async (req) => replaceKeys(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/orders/:id/refund',
    {
      config: manage,
      schema: {
        tags,
        params: idParams,
        body: refundOrderBody,
        response: {
          200: z.object({ status: orderStatus, refundedAmount: z.number().int(), offline: z.boolean() }),
        },
      },
    },
    async (req) => refundOrder(req.ctx, req.params.id, req.body),
  );
};
