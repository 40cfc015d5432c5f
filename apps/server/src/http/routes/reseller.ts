import { resellerBalance, resellerStatementQuery, statementPage } from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getOwnResellerBalance, getOwnResellerStatement } from '../../modules/resellers/reseller-statement';

const tags = ['reseller'];
const config = { access: 'reseller' } as const;

/** The reseller's own prepaid balance (预存款) and its statement. API docking comes later. */
export const resellerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/balance', { config, schema: { tags, response: { 200: resellerBalance } } }, async (req) =>
    getOwnResellerBalance(req.ctx),
  );
  app.get(
    '/statement',
    { config, schema: { tags, querystring: resellerStatementQuery, response: { 200: statementPage } } },
    async (req) => getOwnResellerStatement(req.ctx, req.query),
  );
};
