import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pendingMigrations } from '../../db/migrate';

const health = z.object({ status: z.string(), pendingMigrations: z.number().int().optional() });

/** /healthz: the process is up. /readyz: the database answers and its schema is current. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { schema: { tags: ['ops'], response: { 200: health } } }, () => ({ status: 'ok' }));
  app.get(
    '/readyz',
    { schema: { tags: ['ops'], response: { 200: health, 503: health } } },
    async (req, reply) => {
      try {
        const pending = await pendingMigrations(async (q) => app.deps.db.execute(sql.raw(q)));
        if (pending !== 0)
          return reply.status(503).send({ status: 'migrations_pending', pendingMigrations: pending });
        return { status: 'ready', pendingMigrations: 0 };
      } catch (err) {
        req.log.warn({ err }, 'readiness check failed');
        return reply.status(503).send({ status: 'database_unreachable' });
      }
    },
  );
};
