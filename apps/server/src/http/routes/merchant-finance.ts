import {
  createPayoutAccountBody,
  idParams,
  merchantBalance,
  payoutAccount,
  requestWithdrawalBody,
  settlementItem,
  settlementListQuery,
  statementPage,
  statementQuery,
  updatePayoutAccountBody,
  withdrawal,
  withdrawalListQuery,
  withdrawalRules,
} from '@kameng/shared';
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getOwnBalance } from '../../modules/finance/get-own-balance';
import { getOwnWithdrawal, listOwnWithdrawals } from '../../modules/finance/list-withdrawals';
import { listOwnSettlements } from '../../modules/finance/list-settlements';
import { getMerchantStatement, merchantStatementCsv } from '../../modules/finance/merchant-statement';
import {
  createPayoutAccount,
  deletePayoutAccount,
  listPayoutAccounts,
  updatePayoutAccount,
} from '../../modules/finance/payout-accounts';
import { getWithdrawalRules, requestWithdrawal } from '../../modules/finance/request-withdrawal';

const tags = ['merchant-finance'];
const read = { access: { merchant: 'finance.read' } } as const;
const write = { access: { merchant: 'finance.withdraw' } } as const;

/** The merchant console's money: balance, statements, settlements, payout accounts, withdrawals. */
export const merchantFinanceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/balance', { config: read, schema: { tags, response: { 200: merchantBalance } } }, async (req) =>
    getOwnBalance(req.ctx),
  );
  app.get(
    '/statement',
    { config: read, schema: { tags, querystring: statementQuery, response: { 200: statementPage } } },
    async (req) => getMerchantStatement(req.ctx, req.query),
  );
  app.get(
    '/statement.csv',
    { config: read, schema: { tags, querystring: statementQuery } },
    async (req, reply) => {
      const lines = merchantStatementCsv(req.ctx, req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="statement-${req.query.account}.csv"`)
        .send(Readable.from(lines));
    },
  );
  app.get(
    '/settlements',
    {
      config: read,
      schema: {
        tags,
        querystring: settlementListQuery,
        response: { 200: z.object({ items: z.array(settlementItem) }) },
      },
    },
    async (req) => ({ items: await listOwnSettlements(req.ctx, req.query) }),
  );
  app.get(
    '/payout-accounts',
    { config: read, schema: { tags, response: { 200: z.object({ items: z.array(payoutAccount) }) } } },
    async (req) => ({ items: await listPayoutAccounts(req.ctx) }),
  );
  app.post(
    '/payout-accounts',
    { config: write, schema: { tags, body: createPayoutAccountBody, response: { 201: payoutAccount } } },
    async (req, reply) => reply.status(201).send(await createPayoutAccount(req.ctx, req.body)),
  );
  app.patch(
    '/payout-accounts/:id',
    {
      config: write,
      schema: { tags, params: idParams, body: updatePayoutAccountBody, response: { 200: payoutAccount } },
    },
    async (req) => updatePayoutAccount(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/payout-accounts/:id',
    { config: write, schema: { tags, params: idParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deletePayoutAccount(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/withdrawal-rules',
    { config: read, schema: { tags, response: { 200: withdrawalRules } } },
    async (req) => getWithdrawalRules(req.ctx),
  );
  app.get(
    '/withdrawals',
    {
      config: read,
      schema: {
        tags,
        querystring: withdrawalListQuery,
        response: { 200: z.object({ items: z.array(withdrawal) }) },
      },
    },
    async (req) => ({ items: await listOwnWithdrawals(req.ctx, req.query) }),
  );
  app.post(
    '/withdrawals',
    { config: write, schema: { tags, body: requestWithdrawalBody, response: { 201: withdrawal } } },
    async (req, reply) => reply.status(201).send(await requestWithdrawal(req.ctx, req.body)),
  );
  app.get(
    '/withdrawals/:id',
    { config: read, schema: { tags, params: idParams, response: { 200: withdrawal } } },
    async (req) => getOwnWithdrawal(req.ctx, req.params.id),
  );
};
