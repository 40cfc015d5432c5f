import { ledgerAccount, ledgerAccountListQuery, ledgerCheckResult } from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkLedger } from '../../modules/ledger/check-ledger';
import { listAccounts } from '../../modules/ledger/list-accounts';

const tags = ['admin-ledger'];
const config = { access: 'admin' } as const;

/** The platform admin's ledger API: invariant check and accounts with balances. */
export const adminLedgerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/check', { config, schema: { tags, response: { 200: ledgerCheckResult } } }, async (req) =>
    checkLedger(req.ctx.db),
  );
  app.get(
    '/accounts',
    {
      config,
      schema: {
        tags,
        querystring: ledgerAccountListQuery,
        response: { 200: z.object({ items: z.array(ledgerAccount) }) },
      },
    },
    async (req) => {
      const items = await listAccounts(req.ctx, req.query);
      return { items: items.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })) };
    },
  );
};
