import {
  idParams,
  priceQuote,
  priceQuoteQuery,
  storeCategoryPage,
  storeHome,
  storeListQuery,
  storeProduct,
  storeProductCard,
  storeSearchQuery,
} from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getStoreCategory } from '../../modules/catalog/get-store-category';
import { getStoreHome } from '../../modules/catalog/get-store-home';
import { getStoreProduct } from '../../modules/catalog/get-store-product';
import { quoteStorePrice } from '../../modules/catalog/quote-store-price';
import { searchStore } from '../../modules/catalog/search-store';
import { getUpload } from '../../modules/uploads/get-upload';

const tags = ['store'];
const open = { access: 'public' } as const;

/** The public storefront (products on sale of active merchants) and uploaded images. */
export const storeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/store/home', { config: open, schema: { tags, response: { 200: storeHome } } }, async (req) =>
    getStoreHome(req.ctx),
  );
  app.get(
    '/store/categories/:id',
    {
      config: open,
      schema: { tags, params: idParams, querystring: storeListQuery, response: { 200: storeCategoryPage } },
    },
    async (req) => getStoreCategory(req.ctx, req.params.id, req.query),
  );
  app.get(
    '/store/search',
    {
      config: open,
      schema: {
        tags,
        querystring: storeSearchQuery,
        response: { 200: z.object({ items: z.array(storeProductCard), total: z.number().int() }) },
      },
    },
    async (req) => searchStore(req.ctx, req.query),
  );
  app.get(
    '/store/products/:id',
    { config: open, schema: { tags, params: idParams, response: { 200: storeProduct } } },
    async (req) => getStoreProduct(req.ctx, req.params.id),
  );
  app.get(
    '/store/price',
    { config: open, schema: { tags, querystring: priceQuoteQuery, response: { 200: priceQuote } } },
    async (req) => quoteStorePrice(req.ctx, req.query),
  );
  app.get(
    '/uploads/:id',
    {
      config: open,
      schema: { tags, params: idParams, description: 'An uploaded image (public, immutable).' },
    },
    async (req, reply) => {
      const file = await getUpload(req.ctx, req.params.id);
      return reply
        .header('content-type', file.mime)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(file.bytes);
    },
  );
};
