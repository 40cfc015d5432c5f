import { createHash } from 'node:crypto';
import { apiCategoryList, apiError, apiProduct, apiProductPage, apiProductQuery } from '@kameng/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getApiProduct, listApiCategories, listApiProducts } from '../../modules/docking/api-catalog';

const tags = ['open-api'];
const security = [{ kamengSignature: [] }];
const access = { access: { api: 'catalog:read' } } as const;
const errors = {
  401: apiError.meta({ description: 'Signature refused (API_SIGNATURE_INVALID, API_NONCE_REPLAYED …)' }),
  403: apiError.meta({
    description: 'API_SCOPE_MISSING (catalog:read), API_IP_NOT_ALLOWED, API_ACCESS_SUSPENDED',
  }),
  429: apiError.meta({ description: 'API_RATE_LIMITED; wait `Retry-After` seconds' }),
};
const notModified = z.null().meta({ description: 'Not modified: the `If-None-Match` ETag is still current' });
const etagNote =
  ' The answer carries a strong `ETag`; send it back as `If-None-Match` to get `304 Not Modified` (no body) while nothing changed.';

const productExample = {
  id: '6a1d2c3b-4e5f-4a7b-8c9d-0e1f2a3b4c5d',
  category_id: '1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b',
  title: 'Steam 充值卡',
  description_html: '<p>Redeem at store.steampowered.com</p>',
  cover_url: 'https://shop.example.com/api/uploads/9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  min_quantity: 1,
  max_quantity: 50,
  input_fields: [
    { name: 'account', label: '游戏账号', type: 'text', required: true, regex: null, help: null },
  ],
  skus: [
    {
      id: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
      name: '100 元',
      retail_price: 10000,
      price: 9500,
      currency: 'CNY',
      delivery: 'card_keys',
      stock: { status: 'in_stock', quantity: 320 },
    },
  ],
  updated_at: '2026-01-01T08:00:00.000Z',
};

/** A strong ETag over the JSON of an answer. */
function etagOf(body: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url')}"`;
}

/**
 * Sends `body` with its ETag, or 304 with no body when the client's `If-None-Match` names it (a list
 * of tags or `*`; weak `W/` tags compare by their value, as RFC 9110 asks for If-None-Match).
 */
function sendWithEtag<T>(req: FastifyRequest, reply: FastifyReply, body: T): T | FastifyReply {
  const etag = etagOf(body);
  void reply.header('etag', etag).header('cache-control', 'private, no-cache');
  const given = req.headers['if-none-match'];
  if (typeof given === 'string') {
    const tags = given.split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (tags.includes('*') || tags.includes(etag)) return reply.code(304).send();
  }
  return body;
}

/** The open API v1: categories and products with the account's own prices, stock and input fields. */
export const apiV1CatalogRoutes: FastifyPluginAsyncZod = async (app) => {
  const baseUrl = (req: FastifyRequest) => app.deps.config.publicUrl ?? `${req.protocol}://${req.host}`;

  app.get(
    '/categories',
    {
      config: access,
      schema: {
        tags,
        security,
        summary: 'Categories of the goods on sale (visible categories of active shops)',
        description:
          'Every category at once, top-level ones first; rebuild the tree from `parent_id`.' + etagNote,
        response: {
          200: apiCategoryList.meta({
            examples: [
              {
                data: [
                  { id: '1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b', parent_id: null, name: '游戏点卡', sort: 0 },
                ],
              },
            ],
          }),
          304: notModified,
          ...errors,
        },
      },
    },
    async (req, reply) => sendWithEtag(req, reply, await listApiCategories(req.ctx)),
  );

  app.get(
    '/products',
    {
      config: access,
      schema: {
        tags,
        security,
        summary: 'Products on sale with SKUs, your own price, stock and buyer input fields',
        description:
          '`price` is your account’s unit price (your level’s price list, else its discount off the base price); ' +
          '`retail_price` what shop buyers pay. Orders also apply a SKU’s wholesale tiers and limited-time ' +
          'price where lower. Paged by `cursor`; `updated_since` keeps products edited at or after that time ' +
          '(stock and prices are live and do not move `updated_at`).' +
          etagNote,
        querystring: apiProductQuery,
        response: {
          200: apiProductPage.meta({
            examples: [{ data: [productExample], has_more: true, next_cursor: 'NmExZDJjM2ItNGU1Zi00YTdi' }],
          }),
          304: notModified,
          ...errors,
        },
      },
    },
    async (req, reply) => sendWithEtag(req, reply, await listApiProducts(req.ctx, req.query, baseUrl(req))),
  );

  app.get(
    '/products/:id',
    {
      config: access,
      schema: {
        tags,
        security,
        summary: 'One product on sale (PRODUCT_NOT_AVAILABLE when it is not)',
        description: etagNote.trim(),
        params: z.strictObject({ id: z.uuid() }),
        response: {
          200: apiProduct.meta({ examples: [productExample] }),
          304: notModified,
          404: apiError.meta({ description: 'PRODUCT_NOT_AVAILABLE' }),
          ...errors,
        },
      },
    },
    async (req, reply) => sendWithEtag(req, reply, await getApiProduct(req.ctx, req.params.id, baseUrl(req))),
  );
};
