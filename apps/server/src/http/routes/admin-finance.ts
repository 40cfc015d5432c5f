import {
  adjustmentBody,
  adjustmentResult,
  adminMerchantFinance,
  channelIdParams,
  createResellerBody,
  feeSchedule,
  financeOverview,
  financeSettings,
  idParams,
  merchantTerms,
  putFeeScheduleBody,
  putMerchantTermsBody,
  reasonBody,
  resellerAccount,
  resellerStatementQuery,
  resellerTopUpBody,
  resellerTopUpResult,
  setResellerStatusBody,
  settlementItem,
  statementPage,
  statementQuery,
  updateFinanceSettingsBody,
  withdrawal,
  withdrawalListQuery,
  withdrawalPaidBody,
} from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adjustMerchantBalance } from '../../modules/finance/adjust-merchant-balance';
import { markWithdrawalFailed, markWithdrawalPaid } from '../../modules/finance/complete-withdrawal';
import { deleteFeeSchedule, listFeeSchedules, putFeeSchedule } from '../../modules/finance/fee-schedules';
import { getFinanceSettings, updateFinanceSettings } from '../../modules/finance/finance-settings';
import { getAdminMerchantFinance, getFinanceOverview } from '../../modules/finance/finance-overview';
import { holdSettlement, releaseSettlement } from '../../modules/finance/hold-settlement';
import { listWithdrawals } from '../../modules/finance/list-withdrawals';
import { getMerchantTerms, putMerchantTerms, resetMerchantTerms } from '../../modules/finance/merchant-terms';
import { approveWithdrawal, rejectWithdrawal } from '../../modules/finance/review-withdrawal';
import { requireAdmin } from '../../lib/ctx';
import {
  createReseller,
  getReseller,
  listResellers,
  setResellerStatus,
} from '../../modules/resellers/admin-resellers';
import { getResellerStatement } from '../../modules/resellers/reseller-statement';
import { topUpReseller } from '../../modules/resellers/top-up-reseller';

const tags = ['admin-finance'];
const config = { access: 'admin' } as const;
const orderParams = z.strictObject({ orderId: z.string().min(1).max(128) });

/** The platform's money: overview, withdrawal review, fees and terms, adjustments, resellers. */
export const adminFinanceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/overview', { config, schema: { tags, response: { 200: financeOverview } } }, async (req) =>
    getFinanceOverview(req.ctx),
  );
  app.get(
    '/withdrawals',
    {
      config,
      schema: {
        tags,
        querystring: withdrawalListQuery,
        response: { 200: z.object({ items: z.array(withdrawal) }) },
      },
    },
    async (req) => ({ items: await listWithdrawals(req.ctx, req.query) }),
  );
  app.post(
    '/withdrawals/:id/approve',
    { config, schema: { tags, params: idParams, response: { 200: withdrawal } } },
    async (req) => approveWithdrawal(req.ctx, req.params.id),
  );
  app.post(
    '/withdrawals/:id/reject',
    { config, schema: { tags, params: idParams, body: reasonBody, response: { 200: withdrawal } } },
    async (req) => rejectWithdrawal(req.ctx, req.params.id, req.body.reason),
  );
  app.post(
    '/withdrawals/:id/paid',
    { config, schema: { tags, params: idParams, body: withdrawalPaidBody, response: { 200: withdrawal } } },
    async (req) => markWithdrawalPaid(req.ctx, req.params.id, req.body.payoutReference),
  );
  app.post(
    '/withdrawals/:id/failed',
    { config, schema: { tags, params: idParams, body: reasonBody, response: { 200: withdrawal } } },
    async (req) => markWithdrawalFailed(req.ctx, req.params.id, req.body.reason),
  );
  app.get(
    '/merchants/:id',
    {
      config,
      schema: {
        tags,
        params: idParams,
        querystring: statementQuery,
        response: { 200: adminMerchantFinance },
      },
    },
    async (req) => getAdminMerchantFinance(req.ctx, req.params.id, req.query),
  );
  app.get(
    '/merchants/:id/terms',
    { config, schema: { tags, params: idParams, response: { 200: merchantTerms } } },
    async (req) => {
      requireAdmin(req.ctx);
      return getMerchantTerms(req.ctx.db, req.params.id);
    },
  );
  app.put(
    '/merchants/:id/terms',
    {
      config,
      schema: { tags, params: idParams, body: putMerchantTermsBody, response: { 200: merchantTerms } },
    },
    async (req) => putMerchantTerms(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/merchants/:id/terms',
    { config, schema: { tags, params: idParams, response: { 200: merchantTerms } } },
    async (req) => resetMerchantTerms(req.ctx, req.params.id),
  );
  app.post(
    '/adjustments',
    { config, schema: { tags, body: adjustmentBody, response: { 201: adjustmentResult } } },
    async (req, reply) => reply.status(201).send(await adjustMerchantBalance(req.ctx, req.body)),
  );
  app.post(
    '/settlements/:orderId/hold',
    { config, schema: { tags, params: orderParams, body: reasonBody, response: { 200: settlementItem } } },
    async (req) => holdSettlement(req.ctx, req.params.orderId, req.body.reason),
  );
  app.post(
    '/settlements/:orderId/release',
    { config, schema: { tags, params: orderParams, body: reasonBody, response: { 200: settlementItem } } },
    async (req) => releaseSettlement(req.ctx, req.params.orderId, req.body.reason),
  );
  app.get(
    '/fee-schedules',
    { config, schema: { tags, response: { 200: z.object({ items: z.array(feeSchedule) }) } } },
    async (req) => ({ items: await listFeeSchedules(req.ctx) }),
  );
  app.put(
    '/fee-schedules/:channelId',
    {
      config,
      schema: { tags, params: channelIdParams, body: putFeeScheduleBody, response: { 200: feeSchedule } },
    },
    async (req) => putFeeSchedule(req.ctx, req.params.channelId, req.body),
  );
  app.delete(
    '/fee-schedules/:channelId',
    { config, schema: { tags, params: channelIdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteFeeSchedule(req.ctx, req.params.channelId);
      return reply.status(204).send(null);
    },
  );
  app.get('/settings', { config, schema: { tags, response: { 200: financeSettings } } }, async (req) => {
    requireAdmin(req.ctx);
    return getFinanceSettings(req.ctx.db);
  });
  app.put(
    '/settings',
    { config, schema: { tags, body: updateFinanceSettingsBody, response: { 200: financeSettings } } },
    async (req) => updateFinanceSettings(req.ctx, req.body),
  );
  app.get(
    '/resellers',
    { config, schema: { tags, response: { 200: z.object({ items: z.array(resellerAccount) }) } } },
    async (req) => ({ items: await listResellers(req.ctx) }),
  );
  app.post(
    '/resellers',
    { config, schema: { tags, body: createResellerBody, response: { 201: resellerAccount } } },
    async (req, reply) => reply.status(201).send(await createReseller(req.ctx, req.body)),
  );
  app.get(
    '/resellers/:id',
    { config, schema: { tags, params: idParams, response: { 200: resellerAccount } } },
    async (req) => getReseller(req.ctx, req.params.id),
  );
  app.post(
    '/resellers/:id/status',
    {
      config,
      schema: { tags, params: idParams, body: setResellerStatusBody, response: { 200: resellerAccount } },
    },
    async (req) => setResellerStatus(req.ctx, req.params.id, req.body.status),
  );
  app.post(
    '/resellers/:id/top-ups',
    {
      config,
      schema: { tags, params: idParams, body: resellerTopUpBody, response: { 201: resellerTopUpResult } },
    },
    async (req, reply) => reply.status(201).send(await topUpReseller(req.ctx, req.params.id, req.body)),
  );
  app.get(
    '/resellers/:id/statement',
    {
      config,
      schema: {
        tags,
        params: idParams,
        querystring: resellerStatementQuery,
        response: { 200: statementPage },
      },
    },
    async (req) => getResellerStatement(req.ctx, req.params.id, req.query),
  );
};
