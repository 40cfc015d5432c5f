import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import {
  cardKey,
  exportKeysBody,
  idParams,
  keyBatch,
  keyImportOptions,
  keyListQuery,
  pasteKeysBody,
  revealKeyResponse,
  stockInfo,
  voidKeysBody,
  voidKeysResponse,
} from '@kameng/shared';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/app-error';
import { deleteBatch } from '../../modules/inventory/delete-batch';
import { exportKeys } from '../../modules/inventory/export-keys';
import { getSkuStock } from '../../modules/inventory/get-sku-stock';
import { importKeys } from '../../modules/inventory/import-keys';
import { getInvalidLines, listBatches } from '../../modules/inventory/list-batches';
import { listKeys } from '../../modules/inventory/list-keys';
import { revealKey } from '../../modules/inventory/reveal-key';
import { voidKeys } from '../../modules/inventory/void-keys';

/** Largest key file accepted (a million keys of ~60 characters). */
export const KEY_UPLOAD_LIMIT_BYTES = 64 * 1024 * 1024;

const tags = ['merchant-inventory'];
const skuParams = z.strictObject({ skuId: z.uuid() });
const keyParams = z.strictObject({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const read = { access: { merchant: 'catalog.read' } } as const;
const manage = { access: { merchant: 'keys.import' } } as const;

/** Card-key inventory of the merchant console: import, batches, key list, reveal, export, void, stock. */
export const inventoryRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, {
    limits: { fileSize: KEY_UPLOAD_LIMIT_BYTES, files: 1, fields: 10, fieldSize: 1000, parts: 12 },
  });

  app.post(
    '/skus/:skuId/keys/import',
    {
      config: manage,
      schema: { tags, params: skuParams, consumes: ['multipart/form-data'], response: { 201: keyBatch } },
    },
    async (req, reply) => {
      // Option fields come before the file part, so the import can start while the file streams in.
      const fields: Record<string, string> = {};
      for await (const part of req.parts()) {
        if (part.type === 'field') {
          fields[part.fieldname] = String(part.value);
          continue;
        }
        if (part.fieldname !== 'file') throw invalid('file', 'the file field must be named "file"');
        const batch = await importKeys(req.ctx, req.params.skuId, capped(part.file), formOptions(fields), {
          source: 'file',
          filename: part.filename || null,
        });
        return reply.status(201).send(batch);
      }
      throw invalid('file', 'missing file');
    },
  );

  app.post(
    '/skus/:skuId/keys/paste',
    {
      config: manage,
      bodyLimit: 11 * 1024 * 1024,
      schema: { tags, params: skuParams, body: pasteKeysBody, response: { 201: keyBatch } },
    },
    async (req, reply) => {
      const { text, ...options } = req.body;
      const batch = await importKeys(req.ctx, req.params.skuId, [Buffer.from(text)], options, {
        source: 'paste',
      });
      return reply.status(201).send(batch);
    },
  );

  app.get(
    '/skus/:skuId/batches',
    {
      config: read,
      schema: { tags, params: skuParams, response: { 200: z.object({ items: z.array(keyBatch) }) } },
    },
    async (req) => ({ items: await listBatches(req.ctx, req.params.skuId) }),
  );

  app.get(
    '/key-batches/:id/invalid-lines',
    { config: read, schema: { tags, params: idParams } },
    async (req, reply) => {
      const report = await getInvalidLines(req.ctx, req.params.id);
      return attachment(reply, report.filename).send(report.text);
    },
  );

  app.delete(
    '/key-batches/:id',
    { config: manage, schema: { tags, params: idParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteBatch(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/skus/:skuId/keys',
    {
      config: read,
      schema: {
        tags,
        params: skuParams,
        querystring: keyListQuery,
        response: { 200: z.object({ items: z.array(cardKey) }) },
      },
    },
    async (req) => ({ items: await listKeys(req.ctx, req.params.skuId, req.query) }),
  );

  app.post(
    '/keys/:id/reveal',
    {
      config: { access: { merchant: 'keys.reveal' } },
      schema: { tags, params: keyParams, response: { 200: revealKeyResponse } },
    },
    async (req) => revealKey(req.ctx, req.params.id),
  );

  app.post(
    '/skus/:skuId/keys/export',
    {
      config: { access: { merchant: 'keys.export' } },
      schema: { tags, params: skuParams, body: exportKeysBody },
    },
    async (req, reply) => {
      const out = await exportKeys(req.ctx, req.params.skuId, req.body);
      void reply.header('x-key-count', String(out.count));
      return attachment(reply, out.filename).send(Readable.from(out.lines));
    },
  );

  app.post(
    '/skus/:skuId/keys/void',
    {
      config: manage,
      schema: { tags, params: skuParams, body: voidKeysBody, response: { 200: voidKeysResponse } },
    },
    async (req) => voidKeys(req.ctx, req.params.skuId, req.body.ids),
  );

  app.get(
    '/skus/:skuId/stock',
    {
      config: read,
      schema: { tags, params: skuParams, response: { 200: stockInfo.extend({ void: z.number().int() }) } },
    },
    async (req) => getSkuStock(req.ctx, req.params.skuId),
  );
};

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', { issues: [{ path, message }] });
}

function attachment(reply: FastifyReply, filename: string): FastifyReply {
  return reply
    .header('content-type', 'text/plain; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store');
}

/** Multipart option fields (all strings) → import options (the shared schema reads form values). */
function formOptions(fields: Record<string, string>) {
  const parsed = keyImportOptions.safeParse(fields);
  if (!parsed.success) {
    throw new AppError('VALIDATION_FAILED', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return parsed.data;
}

/** The file stream, failing the import (UPLOAD_TOO_LARGE) when multipart cut it at the size limit. */
async function* capped(file: AsyncIterable<Buffer> & { truncated?: boolean }): AsyncGenerator<Buffer> {
  for await (const chunk of file) {
    if (file.truncated) throw new AppError('UPLOAD_TOO_LARGE', { limitBytes: KEY_UPLOAD_LIMIT_BYTES });
    yield chunk;
  }
  if (file.truncated) throw new AppError('UPLOAD_TOO_LARGE', { limitBytes: KEY_UPLOAD_LIMIT_BYTES });
}
