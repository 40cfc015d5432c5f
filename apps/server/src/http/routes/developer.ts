import {
  apiAccessRequestResult,
  apiCallPage,
  apiCallQuery,
  apiCredential,
  apiCredentialList,
  apiCredentialWithSecret,
  apiStats,
  apiStatsQuery,
  createApiCredentialBody,
  developerOverview,
  idParams,
  rotateApiCredentialBody,
  sandboxTopUpBody,
  sandboxTopUpResult,
  signatureDebugBody,
  signatureDebugResult,
  updateApiCredentialBody,
} from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getOwnApiStats } from '../../modules/docking/api-stats';
import { createCredential } from '../../modules/docking/create-credential';
import { getDeveloperOverview } from '../../modules/docking/developer-overview';
import { listOwnApiCalls } from '../../modules/docking/list-api-calls';
import {
  listCredentials,
  revokeCredential,
  rotateCredential,
  updateCredential,
} from '../../modules/docking/manage-credential';
import { topUpSandbox } from '../../modules/docking/sandbox-top-up';
import { debugSignature } from '../../modules/docking/signature-debug';
import { requestApiAccess } from '../../modules/resellers/api-access';

const tags = ['developer'];
const config = { access: 'reseller' } as const;

/** The developer console: credentials, call log, monitoring, signature debugger. */
export const developerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/overview', { config, schema: { tags, response: { 200: developerOverview } } }, async (req) =>
    getDeveloperOverview(req.ctx),
  );
  app.post(
    '/access-request',
    { config, schema: { tags, response: { 200: apiAccessRequestResult } } },
    async (req) => requestApiAccess(req.ctx),
  );
  app.post(
    '/sandbox/top-up',
    { config, schema: { tags, body: sandboxTopUpBody, response: { 200: sandboxTopUpResult } } },
    async (req) => topUpSandbox(req.ctx, req.body.amount),
  );

  app.get(
    '/credentials',
    { config, schema: { tags, response: { 200: apiCredentialList } } },
    async (req) => ({
      items: await listCredentials(req.ctx),
    }),
  );
  app.post(
    '/credentials',
    { config, schema: { tags, body: createApiCredentialBody, response: { 201: apiCredentialWithSecret } } },
    async (req, reply) => reply.status(201).send(await createCredential(req.ctx, req.body)),
  );
  app.patch(
    '/credentials/:id',
    {
      config,
      schema: { tags, params: idParams, body: updateApiCredentialBody, response: { 200: apiCredential } },
    },
    async (req) => updateCredential(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/credentials/:id/rotate',
    {
      config,
      schema: {
        tags,
        params: idParams,
        body: rotateApiCredentialBody,
        response: { 200: apiCredentialWithSecret },
      },
    },
    async (req) => rotateCredential(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/credentials/:id/revoke',
    { config, schema: { tags, params: idParams, response: { 200: apiCredential } } },
    async (req) => revokeCredential(req.ctx, req.params.id),
  );

  app.get(
    '/calls',
    { config, schema: { tags, querystring: apiCallQuery, response: { 200: apiCallPage } } },
    async (req) => listOwnApiCalls(req.ctx, req.query),
  );
  app.get(
    '/stats',
    { config, schema: { tags, querystring: apiStatsQuery, response: { 200: apiStats } } },
    async (req) => getOwnApiStats(req.ctx, req.query),
  );
  app.post(
    '/signature-debug',
    { config, schema: { tags, body: signatureDebugBody, response: { 200: signatureDebugResult } } },
    async (req) => debugSignature(req.ctx, req.body),
  );
};
