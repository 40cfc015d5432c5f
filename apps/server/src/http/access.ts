import type { ApiScope, MerchantPermission } from '@kameng/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { resolveSession, type ResolvedSession } from '../modules/accounts/sessions';
import { resellerOf } from '../modules/resellers/reseller-of';
import { AppError } from '../lib/app-error';
import { requireAdmin, tenantOf } from '../lib/ctx';
import { safeEqual } from '../lib/crypto';

/**
 * Who may call a route, declared on every route as `config.access`:
 * - 'public': anyone;
 * - 'password': a session that passed the password step (the 2FA step itself);
 * - 'user': a fully signed-in user;
 * - 'admin': a platform admin;
 * - 'reseller': a user with an active reseller account;
 * - { merchant: permission | null }: a member of a merchant holding the permission (null: any member);
 * - { api: scope | null }: a signed open-API request (no session, no CSRF) whose credential holds the
 *   scope (null: any valid credential); verified by the docking module's hook, which needs the raw body.
 */
export type Access =
  | 'public'
  | 'password'
  | 'user'
  | 'admin'
  | 'reseller'
  | { merchant: MerchantPermission | null }
  | { api: ApiScope | null };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Open to a platform admin who must still enrol 2FA (enrolment, password, me, logout). */
    duringEnrolment?: boolean;
  }
  interface FastifyRequest {
    session: ResolvedSession | undefined;
  }
}

export const SESSION_COOKIE = 'kameng_sid';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sets the session cookie (httpOnly, SameSite=Lax, Secure behind HTTPS). */
export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    maxAge: config.sessionTtlHours * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  void reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
  });
}

/** Every /api route must say who may call it; a route without `config.access` fails at start-up. */
export function assertAccessDeclared(route: { url: string; config?: { access?: Access } }): void {
  const open = route.url === '/api/openapi.json' || route.url.startsWith('/api/docs');
  if (route.url.startsWith('/api/') && !open && route.config?.access === undefined) {
    throw new Error(`route ${route.url} declares no config.access`);
  }
}

/** The onRequest hook (before the body is even parsed) enforcing `config.access`, the 2FA steps and CSRF on cookie-authenticated writes. */
export function registerAccessControl(app: FastifyInstance): void {
  app.decorateRequest('session', undefined);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const access = req.routeOptions.config.access;
    if (access === undefined) return; // health checks, docs and static files
    if (typeof access === 'object' && 'api' in access) return; // signed requests: the docking hook
    const token = req.cookies[SESSION_COOKIE];
    const session = token ? await resolveSession(req.ctx.db, token, req.ctx.now()) : undefined;
    if (session) {
      req.session = session;
      req.ctx.actor = session.actor;
    }
    if (access === 'public') return;
    if (!session) throw new AppError('AUTH_REQUIRED');
    if (!SAFE_METHODS.has(req.method)) {
      const header = req.headers['x-csrf-token'];
      if (typeof header !== 'string' || !safeEqual(header, session.csrfToken))
        throw new AppError('AUTH_CSRF_INVALID');
    }
    if (access === 'password') return;
    if (!session.mfaPassed) throw new AppError('AUTH_MFA_REQUIRED');
    if (session.mfaEnrolmentRequired && !req.routeOptions.config.duringEnrolment) {
      throw new AppError('AUTH_MFA_ENROLMENT_REQUIRED');
    }
    if (access === 'admin') requireAdmin(req.ctx);
    else if (access === 'reseller') await resellerOf(req.ctx);
    else if (typeof access === 'object' && 'merchant' in access) tenantOf(req.ctx, access.merchant);
  });
}
