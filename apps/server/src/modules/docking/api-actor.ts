import { AppError } from '../../lib/app-error';
import type { Actor, Ctx } from '../../lib/ctx';

/** The signed open-API caller (credential, account, mode, version), or AUTH_REQUIRED. */
export function requireApiActor(ctx: Ctx): Extract<Actor, { kind: 'api' }> {
  if (ctx.actor.kind !== 'api') throw new AppError('AUTH_REQUIRED');
  return ctx.actor;
}
