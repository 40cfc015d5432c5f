import multipart from '@fastify/multipart';
import {
  category,
  coupon,
  createCategoryBody,
  createCouponBody,
  createProductBody,
  idParams,
  product,
  productListQuery,
  productSummary,
  updateCategoryBody,
  updateCouponBody,
  updateProductBody,
  uploadResponse,
} from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/app-error';
import { createCategory } from '../../modules/catalog/create-category';
import { createCoupon } from '../../modules/catalog/create-coupon';
import { createProduct } from '../../modules/catalog/create-product';
import { deleteCategory } from '../../modules/catalog/delete-category';
import { deleteCoupon } from '../../modules/catalog/delete-coupon';
import { getProduct } from '../../modules/catalog/get-product';
import { listCategories } from '../../modules/catalog/list-categories';
import { getCoupon, listCoupons } from '../../modules/catalog/list-coupons';
import { listProducts } from '../../modules/catalog/list-products';
import { previewMarkdown } from '../../modules/catalog/render-markdown';
import { updateCategory } from '../../modules/catalog/update-category';
import { updateCoupon } from '../../modules/catalog/update-coupon';
import { updateProduct } from '../../modules/catalog/update-product';
import { createUpload, MAX_UPLOAD_BYTES } from '../../modules/uploads/create-upload';

const tags = ['catalog'];
const read = { access: { merchant: 'catalog.read' } } as const;
const write = { access: { merchant: 'catalog.write' } } as const;
const noContent = { 204: z.null() };

/** The merchant console's catalog: categories, products with SKUs, coupons, images. */
export const catalogRoutes: FastifyPluginAsyncZod = async (app) => {
  // Scoped to this plugin: the only multipart route here is the image upload.
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0, parts: 2 } });

  app.get(
    '/categories',
    { config: read, schema: { tags, response: { 200: z.object({ items: z.array(category) }) } } },
    async (req) => ({ items: await listCategories(req.ctx) }),
  );
  app.post(
    '/categories',
    { config: write, schema: { tags, body: createCategoryBody, response: { 201: category } } },
    async (req, reply) => reply.status(201).send(await createCategory(req.ctx, req.body)),
  );
  app.patch(
    '/categories/:id',
    {
      config: write,
      schema: { tags, params: idParams, body: updateCategoryBody, response: { 200: category } },
    },
    async (req) => updateCategory(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/categories/:id',
    { config: write, schema: { tags, params: idParams, response: noContent } },
    async (req, reply) => {
      await deleteCategory(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/products',
    {
      config: read,
      schema: {
        tags,
        querystring: productListQuery,
        response: { 200: z.object({ items: z.array(productSummary), total: z.number().int() }) },
      },
    },
    async (req) => listProducts(req.ctx, req.query),
  );
  app.post(
    '/products',
    { config: write, schema: { tags, body: createProductBody, response: { 201: product } } },
    async (req, reply) => reply.status(201).send(await createProduct(req.ctx, req.body)),
  );
  app.get(
    '/products/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: product } } },
    async (req) => getProduct(req.ctx, req.params.id),
  );
  app.put(
    '/products/:id',
    {
      config: write,
      schema: { tags, params: idParams, body: updateProductBody, response: { 200: product } },
    },
    async (req) => updateProduct(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/render-markdown',
    {
      config: write,
      schema: {
        tags,
        body: z.strictObject({ markdown: z.string().max(50_000) }),
        response: { 200: z.object({ html: z.string() }) },
      },
    },
    async (req) => previewMarkdown(req.ctx, req.body.markdown),
  );

  app.post(
    '/uploads',
    {
      config: write,
      schema: {
        tags,
        description:
          'multipart/form-data with one field "file": a PNG, JPEG, WebP or GIF image of at most 2 MB.',
        response: { 201: uploadResponse },
      },
    },
    async (req, reply) => {
      let bytes: Buffer;
      try {
        const file = await req.file();
        if (!file || file.fieldname !== 'file') throw new AppError('VALIDATION_FAILED', { field: 'file' });
        bytes = await file.toBuffer();
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE')
          throw new AppError('UPLOAD_TOO_LARGE', { max: MAX_UPLOAD_BYTES });
        if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        if (code?.startsWith('FST_')) throw new AppError('VALIDATION_FAILED', { multipart: code });
        throw err;
      }
      return reply.status(201).send(await createUpload(req.ctx, bytes));
    },
  );

  app.get(
    '/coupons',
    { config: read, schema: { tags, response: { 200: z.object({ items: z.array(coupon) }) } } },
    async (req) => ({ items: await listCoupons(req.ctx) }),
  );
  app.post(
    '/coupons',
    { config: write, schema: { tags, body: createCouponBody, response: { 201: coupon } } },
    async (req, reply) => reply.status(201).send(await createCoupon(req.ctx, req.body)),
  );
  app.get(
    '/coupons/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: coupon } } },
    async (req) => getCoupon(req.ctx, req.params.id),
  );
  app.put(
    '/coupons/:id',
    { config: write, schema: { tags, params: idParams, body: updateCouponBody, response: { 200: coupon } } },
    async (req) => updateCoupon(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/coupons/:id',
    { config: write, schema: { tags, params: idParams, response: noContent } },
    async (req, reply) => {
      await deleteCoupon(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
