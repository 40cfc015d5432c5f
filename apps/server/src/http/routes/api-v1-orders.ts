import {
  apiCreateOrderBody,
  apiError,
  apiOrderIdParams,
  apiOrderListQuery,
  apiOrderServed,
  apiOrderServedPage,
  apiOutOrderNoParams,
  type ApiOrderServed,
} from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireApiActor } from '../../modules/docking/api-actor';
import { servedOrder } from '../../modules/docking/api-order-dto';
import { cancelApiOrder } from '../../modules/docking/cancel-api-order';
import { getApiOrder } from '../../modules/docking/get-api-order';
import { listApiOrders } from '../../modules/docking/list-api-orders';
import { placeApiOrder } from '../../modules/docking/place-api-order';
import { apiWriteRequest, idempotencyKeyHeaders } from '../api-auth';

const tags = ['open-api'];
const security = [{ kamengSignature: [] }];
const read = { access: { api: 'orders:read' } } as const;
const write = { access: { api: 'orders:write' } } as const;
const errors = {
  401: apiError.meta({ description: 'Signature refused (API_SIGNATURE_INVALID, API_NONCE_REPLAYED …)' }),
  403: apiError.meta({ description: 'API_SCOPE_MISSING, API_IP_NOT_ALLOWED, API_ACCESS_SUSPENDED' }),
  429: apiError.meta({ description: 'API_RATE_LIMITED; wait `Retry-After` seconds' }),
};
const notFound = apiError.meta({
  description: 'API_ORDER_NOT_FOUND (also for another account’s order or the other mode’s)',
});

const orderExample = {
  id: '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
  out_order_no: 'SHOP-20260101-0001',
  order_no: 'KQ7M3XW2PA9LC4RT5',
  mode: 'live',
  status: 'delivered',
  sku_id: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  product_title: 'Steam 充值卡',
  sku_name: '100 元',
  quantity: 2,
  amount: 19000,
  refunded_amount: 0,
  currency: 'CNY',
  delivery: { keys: ['ABCD-EFGH-IJKL-MNOP', 'QRST-UVWX-YZ23-4567'], text: null },
  created_at: '2026-01-01T08:00:00.000Z',
  paid_at: '2026-01-01T08:00:00.000Z',
  delivered_at: '2026-01-01T08:00:00.000Z',
};
const orderV11Example = {
  ...orderExample,
  delivery: {
    ...orderExample.delivery,
    items: [
      { kind: 'card_key', content: 'ABCD-EFGH-IJKL-MNOP' },
      { kind: 'card_key', content: 'QRST-UVWX-YZ23-4567' },
    ],
  },
};
const served = apiOrderServed.meta({
  description:
    'The order. Protocol 1.1 (see the `Kameng-Version` response header) adds `delivery.items` ' +
    '([{ kind: card_key | text, content }]: keys, then text) next to `delivery.keys` and `delivery.text`. Statuses: processing (paid, being delivered: ' +
    'manual goods wait for the merchant), delivered, manual (a delivery problem a person resolves), cancelled ' +
    '(before delivery, paid back: refunded_amount = amount), refunded, partially_refunded.',
  examples: [orderExample, orderV11Example],
});

/** The open API v1: orders paid from the balance (idempotent), queries, cancellation. */
export const apiV1OrderRoutes: FastifyPluginAsyncZod = async (app) => {
  const version = (ctx: Parameters<typeof requireApiActor>[0]) => requireApiActor(ctx).version;

  app.post(
    '/orders',
    {
      config: write,
      schema: {
        tags,
        security,
        summary: 'Place an order, paid from the balance',
        description:
          'Live: card-key goods answer `delivered` with the keys at once; manual goods answer `processing` and ' +
          'complete by callback. Paid from the prepaid balance in the same transaction (BALANCE_INSUFFICIENT: ' +
          'nothing is written). Idempotent twice over: the same `out_order_no` with the same request answers ' +
          'the existing order (200; OUT_ORDER_NO_REUSED for another request), and an `Idempotency-Key` header ' +
          '(1–64 of A–Z a–z 0–9 _ -, kept 24 h) replays the first answer to the same request ' +
          '(`Idempotent-Replayed: true`; IDEMPOTENCY_KEY_REUSED for another body). Sandbox: test money and ' +
          '`TEST-…` keys; manual goods are delivered a few seconds later.',
        headers: idempotencyKeyHeaders,
        body: apiCreateOrderBody.meta({
          examples: [
            {
              sku_id: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
              quantity: 2,
              out_order_no: 'SHOP-20260101-0001',
              input: { account: 'player42' },
              callback_url: 'https://shop.example.com/kameng/callback',
            },
          ],
        }),
        response: {
          201: served,
          200: apiOrderServed.meta({ description: 'The existing order of this out_order_no (a replay)' }),
          400: apiError.meta({
            description:
              'ORDER_INPUT_INVALID, QUANTITY_OUT_OF_RANGE, IDEMPOTENCY_KEY_INVALID, WEBHOOK_URL_FORBIDDEN (callback_url)',
          }),
          404: apiError.meta({ description: 'PRODUCT_NOT_AVAILABLE' }),
          409: apiError.meta({
            description: 'BALANCE_INSUFFICIENT, INSUFFICIENT_STOCK, OUT_ORDER_NO_REUSED',
            examples: [
              { code: 'BALANCE_INSUFFICIENT', message: 'Insufficient balance', request_id: 'b1f0c2d4e6a8' },
            ],
          }),
          422: apiError.meta({ description: 'IDEMPOTENCY_KEY_REUSED' }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      const res = await placeApiOrder(req.ctx, req.body, apiWriteRequest(req));
      if (res.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(res.status).send(res.body as ApiOrderServed);
    },
  );

  app.get(
    '/orders',
    {
      config: read,
      schema: {
        tags,
        security,
        summary: 'Your orders in this mode, newest first (filters: status, out_order_no, created range)',
        querystring: apiOrderListQuery,
        response: {
          200: apiOrderServedPage.meta({
            examples: [{ data: [orderExample], has_more: false, next_cursor: null }],
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const page = await listApiOrders(req.ctx, req.query);
      const v = version(req.ctx);
      return { ...page, data: page.data.map((o) => servedOrder(o, v)) };
    },
  );

  app.get(
    '/orders/by-out-no/:out_order_no',
    {
      config: read,
      schema: {
        tags,
        security,
        summary: 'One of your orders by your own order number',
        params: apiOutOrderNoParams,
        response: { 200: served, 404: notFound, ...errors },
      },
    },
    async (req) =>
      servedOrder(await getApiOrder(req.ctx, { outOrderNo: req.params.out_order_no }), version(req.ctx)),
  );

  app.get(
    '/orders/:id',
    {
      config: read,
      schema: {
        tags,
        security,
        summary: 'One of your orders by our id',
        params: apiOrderIdParams,
        response: { 200: served, 404: notFound, ...errors },
      },
    },
    async (req) => servedOrder(await getApiOrder(req.ctx, { id: req.params.id }), version(req.ctx)),
  );

  app.post(
    '/orders/:id/cancel',
    {
      config: write,
      schema: {
        tags,
        security,
        summary: 'Cancel an order not delivered yet; its amount goes back to the balance',
        description:
          'Live: an order still waiting for delivery (manual goods) is paid back in full to the balance and reads ' +
          '`cancelled`. Sandbox: a `processing` order is cancelled and the sandbox balance credited. Delivered: ' +
          'API_ORDER_NOT_CANCELLABLE.',
        params: apiOrderIdParams,
        response: {
          200: served,
          404: notFound,
          409: apiError.meta({ description: 'API_ORDER_NOT_CANCELLABLE' }),
          ...errors,
        },
      },
    },
    async (req) => servedOrder(await cancelApiOrder(req.ctx, req.params.id), version(req.ctx)),
  );
};
