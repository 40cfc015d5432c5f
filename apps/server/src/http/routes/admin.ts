import {
  auditEntry,
  auditListQuery,
  auditVerifyResult,
  idParams,
  merchant,
  merchantListQuery,
  platformSettings,
  setMerchantStatusBody,
  updatePlatformSettingsBody,
  updateWebhookSettingsBody,
  webhookSettings,
} from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit } from '../../modules/audit/list-audit';
import { verifyAudit } from '../../modules/audit/verify-audit';
import { getMerchant, listMerchants, setMerchantStatus } from '../../modules/merchants/admin-merchants';
import { getPlatformSettings, updatePlatformSettings } from '../../modules/settings/settings';
import { getWebhookSettings, updateWebhookSettings } from '../../modules/settings/webhook-settings';

const tags = ['admin'];
const config = { access: 'admin' } as const;

/** The platform admin's API. */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/merchants',
    {
      config,
      schema: {
        tags,
        querystring: merchantListQuery,
        response: { 200: z.object({ items: z.array(merchant) }) },
      },
    },
    async (req) => ({ items: await listMerchants(req.ctx, req.query) }),
  );
  app.get(
    '/merchants/:id',
    { config, schema: { tags, params: idParams, response: { 200: merchant } } },
    async (req) => getMerchant(req.ctx, req.params.id),
  );
  app.post(
    '/merchants/:id/status',
    { config, schema: { tags, params: idParams, body: setMerchantStatusBody, response: { 200: merchant } } },
    async (req) => setMerchantStatus(req.ctx, req.params.id, req.body.status, req.body.reason),
  );
  app.get(
    '/audit',
    {
      config,
      schema: {
        tags,
        querystring: auditListQuery,
        response: { 200: z.object({ items: z.array(auditEntry) }) },
      },
    },
    async (req) => ({ items: await listAudit(req.ctx, req.query) }),
  );
  app.post('/audit/verify', { config, schema: { tags, response: { 200: auditVerifyResult } } }, async (req) =>
    verifyAudit(req.ctx.db),
  );
  app.get('/settings', { config, schema: { tags, response: { 200: platformSettings } } }, async (req) =>
    getPlatformSettings(req.ctx.db),
  );
  app.put(
    '/settings',
    { config, schema: { tags, body: updatePlatformSettingsBody, response: { 200: platformSettings } } },
    async (req) => updatePlatformSettings(req.ctx, req.body),
  );
  // Kept apart from /settings, which the public /api/site also serves: the SSRF allowance is not public.
  app.get(
    '/settings/webhooks',
    { config, schema: { tags, response: { 200: webhookSettings } } },
    async (req) => getWebhookSettings(req.ctx.db, { fresh: true }),
  );
  app.put(
    '/settings/webhooks',
    { config, schema: { tags, body: updateWebhookSettingsBody, response: { 200: webhookSettings } } },
    async (req) => updateWebhookSettings(req.ctx, req.body),
  );
};
