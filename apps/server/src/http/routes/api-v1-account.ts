import { apiBalance, apiError, apiPing, apiStatementPage, apiStatementQuery } from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { apiPing as ping, getApiBalance, getApiStatement } from '../../modules/docking/api-account';

const tags = ['open-api'];
const security = [{ kamengSignature: [] }];
const errors = {
  401: apiError.meta({
    description: 'Signature refused (API_AUTH_MISSING, API_SIGNATURE_INVALID, API_NONCE_REPLAYED …)',
    examples: [
      { code: 'API_SIGNATURE_INVALID', message: 'The signature does not match', request_id: 'b1f0c2d4e6a8' },
    ],
  }),
  403: apiError.meta({ description: 'API_SCOPE_MISSING, API_IP_NOT_ALLOWED, API_ACCESS_SUSPENDED' }),
  429: apiError.meta({ description: 'API_RATE_LIMITED; wait `Retry-After` seconds' }),
};

const pingExample = {
  site: 'Kameng 卡盟',
  protocol_version: '1.0',
  mode: 'live',
  account: { id: '0b7e3c1a-5d2f-4a8e-9c61-2f4d8a7b9e10', name: 'Acme Games', level: 'Gold' },
  balance: 125000,
  currency: 'CNY',
  server_time: 1767225600,
};

/** The open API v1: ping, balance and statement (signed requests). */
export const apiV1AccountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/ping',
    {
      config: { access: { api: null } },
      schema: {
        tags,
        security,
        summary: 'Check credentials: account, protocol version served, balance',
        response: { 200: apiPing.meta({ examples: [pingExample] }), ...errors },
      },
    },
    async (req) => ping(req.ctx),
  );
  app.get(
    '/balance',
    {
      config: { access: { api: 'balance:read' } },
      schema: {
        tags,
        security,
        summary: 'The balance of the credential’s mode (live: prepaid balance; sandbox: test money)',
        response: {
          200: apiBalance.meta({
            examples: [{ mode: 'live', available: 125000, held: 3000, currency: 'CNY' }],
          }),
          ...errors,
        },
      },
    },
    async (req) => getApiBalance(req.ctx),
  );
  app.get(
    '/balance/statement',
    {
      config: { access: { api: 'balance:read' } },
      schema: {
        tags,
        security,
        summary: 'Balance movements, newest first (sandbox: derived from sandbox orders)',
        querystring: apiStatementQuery,
        response: {
          200: apiStatementPage.meta({
            examples: [
              {
                data: [
                  {
                    id: '1042',
                    kind: 'reseller.topup',
                    amount: 100000,
                    balance_after: 125000,
                    order_id: null,
                    memo: 'bank transfer',
                    created_at: '2026-01-01T08:00:00.000Z',
                  },
                ],
                has_more: true,
                next_cursor: '1042',
              },
            ],
          }),
          ...errors,
        },
      },
    },
    async (req) => getApiStatement(req.ctx, req.query),
  );
};
