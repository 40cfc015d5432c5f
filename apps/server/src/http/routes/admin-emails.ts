import { emailDetail, emailList, emailListQuery, emailSummary, idParams } from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getEmail } from '../../modules/notifications/get-email';
import { listEmails } from '../../modules/notifications/list-emails';
import { resendEmail } from '../../modules/notifications/resend-email';

const tags = ['admin'];
const config = { access: 'admin' } as const;

/** The admin e-mail outbox: every outgoing message, its body (audited), resending. */
export const adminEmailRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    { config, schema: { tags, querystring: emailListQuery, response: { 200: emailList } } },
    async (req) => ({ items: await listEmails(req.ctx, req.query) }),
  );
  app.get(
    '/:id',
    { config, schema: { tags, params: idParams, response: { 200: emailDetail } } },
    async (req) => getEmail(req.ctx, req.params.id),
  );
  app.post(
    '/:id/resend',
    { config, schema: { tags, params: idParams, response: { 200: emailSummary } } },
    async (req) => resendEmail(req.ctx, req.params.id),
  );
};
