import { me, platformSettings, setupBody, setupStatus } from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getPlatformSettings } from '../../modules/settings/settings';
import { needsSetup, setupFirstAdmin } from '../../modules/accounts/setup';
import { startSession } from './auth';

/** First-run setup of the first platform admin, and the public site info. */
export const setupRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/setup/status',
    { config: { access: 'public' }, schema: { tags: ['setup'], response: { 200: setupStatus } } },
    async (req) => ({ needsSetup: await needsSetup(req.ctx.db) }),
  );
  app.post(
    '/setup',
    {
      config: { access: 'public' },
      schema: { tags: ['setup'], body: setupBody, response: { 201: z.object({ user: me }) } },
    },
    async (req, reply) => {
      const userId = await setupFirstAdmin(req.ctx, req.body);
      return reply.status(201).send({ user: await startSession(req, reply, userId, true) });
    },
  );
  app.get(
    '/site',
    { config: { access: 'public' }, schema: { tags: ['setup'], response: { 200: platformSettings } } },
    async (req) => getPlatformSettings(req.ctx.db),
  );
};
