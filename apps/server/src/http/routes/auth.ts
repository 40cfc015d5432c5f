import {
  loginBody,
  loginResponse,
  me,
  mfaBody,
  okResponse,
  registerMerchantBody,
  type Me,
} from '@kameng/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/app-error';
import { completeMfaLogin, loginWithPassword } from '../../modules/accounts/login';
import { loadMe } from '../../modules/accounts/me';
import { createSession, resolveSession, revokeSession } from '../../modules/accounts/sessions';
import { registerMerchant } from '../../modules/merchants/register-merchant';
import { clearSessionCookie, setSessionCookie } from '../access';

/** Opens a session for a user who just proved who they are, and returns them as `Me`. */
export async function startSession(
  req: FastifyRequest,
  reply: FastifyReply,
  userId: string,
  mfaPassed: boolean,
): Promise<Me> {
  const { config } = req.server.deps;
  const token = await createSession(req.ctx.db, {
    userId,
    mfaPassed,
    ip: req.ip,
    userAgent: req.headers['user-agent'],
    ttlHours: config.sessionTtlHours,
    now: req.ctx.now(),
  });
  setSessionCookie(reply, config, token);
  const session = await resolveSession(req.ctx.db, token, req.ctx.now());
  return loadMe(req.ctx.db, userId, session!.csrfToken);
}

/** Sign-in (password, then 2FA), sign-out, the current user, and merchant registration. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config } = app.deps;

  app.post(
    '/login',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], body: loginBody, response: { 200: loginResponse } },
    },
    async (req, reply) => {
      const result = await loginWithPassword(req.ctx, {
        ...req.body,
        userAgent: req.headers['user-agent'],
        ttlHours: config.sessionTtlHours,
      });
      setSessionCookie(reply, config, result.token);
      const session = await resolveSession(req.ctx.db, result.token, req.ctx.now());
      if (result.mfaRequired) return { status: 'mfa_required' as const, csrfToken: session!.csrfToken };
      return { status: 'ok' as const, user: await loadMe(req.ctx.db, result.userId, session!.csrfToken) };
    },
  );

  app.post(
    '/2fa',
    {
      config: { access: 'password' },
      schema: { tags: ['auth'], body: mfaBody, response: { 200: z.object({ user: me }) } },
    },
    async (req) => {
      const session = req.session!;
      if (session.mfaPassed) throw new AppError('CONFLICT');
      await completeMfaLogin(req.ctx, session, req.body.code);
      const fresh = await resolveSession(req.ctx.db, req.cookies.kameng_sid!, req.ctx.now());
      return { user: await loadMe(req.ctx.db, session.actor.userId, fresh!.csrfToken) };
    },
  );

  app.post(
    '/logout',
    {
      config: { access: 'password', duringEnrolment: true },
      schema: { tags: ['auth'], response: { 200: okResponse } },
    },
    async (req, reply) => {
      await revokeSession(req.ctx.db, req.session!.tokenHash);
      clearSessionCookie(reply, config);
      return { ok: true as const };
    },
  );

  app.get(
    '/me',
    { config: { access: 'user', duringEnrolment: true }, schema: { tags: ['auth'], response: { 200: me } } },
    async (req) => loadMe(req.ctx.db, req.session!.actor.userId, req.session!.csrfToken),
  );

  app.post(
    '/register-merchant',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], body: registerMerchantBody, response: { 201: z.object({ user: me }) } },
    },
    async (req, reply) => {
      const { userId } = await registerMerchant(req.ctx, req.body);
      return reply.status(201).send({ user: await startSession(req, reply, userId, true) });
    },
  );
};
