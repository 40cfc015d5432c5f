import {
  changePasswordBody,
  me,
  okResponse,
  totpDisableBody,
  totpEnableBody,
  totpEnableResponse,
  totpSetupResponse,
  updateProfileBody,
} from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { changePassword, updateProfile } from '../../modules/accounts/change-password';
import { loadMe } from '../../modules/accounts/me';
import { beginTotp, disableTotp, enableTotp } from '../../modules/accounts/totp';

const tags = ['account'];

/** The signed-in user's own security settings: password, 2FA, profile. */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const enrol = { access: 'user', duringEnrolment: true } as const;

  app.post(
    '/password',
    { config: enrol, schema: { tags, body: changePasswordBody, response: { 200: okResponse } } },
    async (req) => {
      await changePassword(req.ctx, { ...req.body, keepSession: req.session!.tokenHash });
      return { ok: true as const };
    },
  );
  app.patch(
    '/profile',
    {
      config: { access: 'user' },
      schema: { tags, body: updateProfileBody, response: { 200: z.object({ user: me }) } },
    },
    async (req) => {
      await updateProfile(req.ctx, req.body);
      return { user: await loadMe(req.ctx.db, req.session!.actor.userId, req.session!.csrfToken) };
    },
  );
  app.post(
    '/2fa/setup',
    { config: enrol, schema: { tags, response: { 200: totpSetupResponse } } },
    async (req) => beginTotp(req.ctx),
  );
  app.post(
    '/2fa/enable',
    { config: enrol, schema: { tags, body: totpEnableBody, response: { 200: totpEnableResponse } } },
    async (req) => enableTotp(req.ctx, req.body.code),
  );
  app.post(
    '/2fa/disable',
    { config: { access: 'user' }, schema: { tags, body: totpDisableBody, response: { 200: okResponse } } },
    async (req) => {
      await disableTotp(req.ctx, req.body.password, req.body.code);
      return { ok: true as const };
    },
  );
};
