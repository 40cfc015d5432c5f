import {
  adminApiCallQuery,
  adminApiReseller,
  adminApiResellerList,
  adminApiResellerQuery,
  adminApiStatsQuery,
  adminUpdateCredentialBody,
  apiCallPage,
  apiCredential,
  apiCredentialList,
  apiRolloutSettings,
  apiStats,
  idParams,
  levelPriceParams,
  pinApiVersionBody,
  resellerLevel,
  resellerLevelBody,
  resellerLevelList,
  resellerLevelPriceList,
  setApiAccessBody,
  setResellerLevelBody,
  setResellerLevelPricesBody,
  updateApiRolloutBody,
  updateResellerLevelBody,
} from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getRolloutSettings, updateRollout } from '../../modules/docking/api-rollout';
import { getAllApiStats } from '../../modules/docking/api-stats';
import { listAllApiCalls } from '../../modules/docking/list-api-calls';
import {
  getApiReseller,
  listApiResellers,
  listResellerCredentials,
  setCredentialRateLimit,
} from '../../modules/docking/list-api-resellers';
import { pinApiVersion, setApiAccess } from '../../modules/resellers/api-access';
import {
  assignResellerLevel,
  createResellerLevel,
  deleteLevelPrice,
  deleteResellerLevel,
  listLevelPrices,
  listResellerLevels,
  setLevelPrices,
  updateResellerLevel,
} from '../../modules/resellers/reseller-levels';

const tags = ['admin-docking'];
const config = { access: 'admin' } as const;

/** Admin: reseller API access, levels and the API version rollout. */
export const adminDockingRoutes: FastifyPluginAsyncZod = async (app) => {
  // ——— resellers: access, version pin, level, credentials ———
  app.get(
    '/resellers',
    { config, schema: { tags, querystring: adminApiResellerQuery, response: { 200: adminApiResellerList } } },
    async (req) => ({ items: await listApiResellers(req.ctx, req.query) }),
  );
  app.get(
    '/resellers/:id',
    { config, schema: { tags, params: idParams, response: { 200: adminApiReseller } } },
    async (req) => getApiReseller(req.ctx, req.params.id),
  );
  app.post(
    '/resellers/:id/access',
    {
      config,
      schema: { tags, params: idParams, body: setApiAccessBody, response: { 200: adminApiReseller } },
    },
    async (req) => {
      await setApiAccess(req.ctx, req.params.id, req.body.action, req.body.note);
      return getApiReseller(req.ctx, req.params.id);
    },
  );
  app.put(
    '/resellers/:id/version',
    {
      config,
      schema: { tags, params: idParams, body: pinApiVersionBody, response: { 200: adminApiReseller } },
    },
    async (req) => {
      await pinApiVersion(req.ctx, req.params.id, req.body.version);
      return getApiReseller(req.ctx, req.params.id);
    },
  );
  app.put(
    '/resellers/:id/level',
    {
      config,
      schema: { tags, params: idParams, body: setResellerLevelBody, response: { 200: adminApiReseller } },
    },
    async (req) => {
      await assignResellerLevel(req.ctx, req.params.id, req.body.levelId);
      return getApiReseller(req.ctx, req.params.id);
    },
  );
  app.get(
    '/resellers/:id/credentials',
    { config, schema: { tags, params: idParams, response: { 200: apiCredentialList } } },
    async (req) => ({ items: await listResellerCredentials(req.ctx, req.params.id) }),
  );
  app.patch(
    '/credentials/:id',
    {
      config,
      schema: { tags, params: idParams, body: adminUpdateCredentialBody, response: { 200: apiCredential } },
    },
    async (req) => setCredentialRateLimit(req.ctx, req.params.id, req.body.rateLimitPerMinute),
  );

  // ——— version rollout (灰度) ———
  app.get('/rollout', { config, schema: { tags, response: { 200: apiRolloutSettings } } }, async (req) =>
    getRolloutSettings(req.ctx),
  );
  app.put(
    '/rollout',
    { config, schema: { tags, body: updateApiRolloutBody, response: { 200: apiRolloutSettings } } },
    async (req) => updateRollout(req.ctx, req.body),
  );

  // ——— levels and price lists ———
  app.get('/levels', { config, schema: { tags, response: { 200: resellerLevelList } } }, async (req) => ({
    items: await listResellerLevels(req.ctx),
  }));
  app.post(
    '/levels',
    { config, schema: { tags, body: resellerLevelBody, response: { 201: resellerLevel } } },
    async (req, reply) => reply.status(201).send(await createResellerLevel(req.ctx, req.body)),
  );
  app.patch(
    '/levels/:id',
    {
      config,
      schema: { tags, params: idParams, body: updateResellerLevelBody, response: { 200: resellerLevel } },
    },
    async (req) => updateResellerLevel(req.ctx, req.params.id, req.body),
  );
  app.delete('/levels/:id', { config, schema: { tags, params: idParams } }, async (req, reply) => {
    await deleteResellerLevel(req.ctx, req.params.id);
    return reply.status(204).send();
  });
  app.get(
    '/levels/:id/prices',
    { config, schema: { tags, params: idParams, response: { 200: resellerLevelPriceList } } },
    async (req) => ({ items: await listLevelPrices(req.ctx, req.params.id) }),
  );
  app.put(
    '/levels/:id/prices',
    {
      config,
      schema: {
        tags,
        params: idParams,
        body: setResellerLevelPricesBody,
        response: { 200: resellerLevelPriceList },
      },
    },
    async (req) => ({ items: await setLevelPrices(req.ctx, req.params.id, req.body) }),
  );
  app.delete(
    '/levels/:id/prices/:skuId',
    { config, schema: { tags, params: levelPriceParams } },
    async (req, reply) => {
      await deleteLevelPrice(req.ctx, req.params.id, req.params.skuId);
      return reply.status(204).send();
    },
  );

  // ——— monitoring ———
  app.get(
    '/calls',
    { config, schema: { tags, querystring: adminApiCallQuery, response: { 200: apiCallPage } } },
    async (req) => listAllApiCalls(req.ctx, req.query),
  );
  app.get(
    '/stats',
    { config, schema: { tags, querystring: adminApiStatsQuery, response: { 200: apiStats } } },
    async (req) => getAllApiStats(req.ctx, req.query),
  );
};
