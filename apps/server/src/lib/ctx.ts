import type { ApiMode, ApiScope, ApiVersion, Locale, MerchantPermission } from '@kameng/shared';
import type { Logger } from 'pino';
import { inTransaction, type Db, type DbOrTx } from '../db/client';
import { AppError } from './app-error';
import type { SecretBox } from './crypto';

/** Who is acting. The tenant comes from here (session or API key), never from a request body. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'system'; name: string }
  | {
      kind: 'user';
      userId: string;
      email: string;
      isPlatformAdmin: boolean;
      membership: { merchantId: string; role: 'owner' | 'staff'; permissions: MerchantPermission[] } | null;
    }
  | {
      /** A signed open-API request: the credential, its reseller (and that reseller's user), mode and scopes. */
      kind: 'api';
      credentialId: string;
      resellerId: string;
      userId: string;
      mode: ApiMode;
      scopes: readonly ApiScope[];
      /** The protocol version served to this request (gray release). */
      version: ApiVersion;
    };

/** The first argument of every domain function. */
export interface Ctx {
  db: DbOrTx;
  actor: Actor;
  log: Logger;
  box: SecretBox;
  now: () => Date;
  locale: Locale;
  requestId?: string;
  ip?: string;
  /** Inside a transaction: what runs once it has committed (see afterCommit). */
  onCommit?: (() => void)[];
  /** Inside a transaction: the pool-backed database it was opened on. */
  root?: Db;
}

/**
 * Runs `fn` in one transaction with a ctx bound to it; inside a transaction already, `fn` simply joins
 * it (an error then fails the caller's transaction as a whole). Where a caller catches an error and
 * carries on, it wraps the attempt in `savepoint` instead.
 */
export async function withTx<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.onCommit) return fn(ctx);
  const onCommit: (() => void)[] = [];
  const root = ctx.db as Db; // not in a transaction (no onCommit): ctx.db is the pool-backed database
  const result = await inTransaction(root, (db) => fn({ ...ctx, db, onCommit, root }));
  for (const hook of onCommit) hook();
  return result;
}

/**
 * Runs `fn` in a savepoint of ctx's transaction (a transaction of its own outside one): when `fn`
 * throws, what it wrote is rolled back and the caller may catch the error and carry on.
 */
export async function savepoint<T>(ctx: Ctx, fn: (tx: Ctx) => Promise<T>): Promise<T> {
  if (!ctx.onCommit) return withTx(ctx, fn);
  return ctx.db.transaction((db) => fn({ ...ctx, db }));
}

/**
 * Runs `hook` once ctx's transaction has committed (at once outside one). For in-process signals
 * only: a hook registered in a savepoint that rolls back still runs, and none runs after a crash.
 */
export function afterCommit(ctx: Ctx, hook: () => void): void {
  if (ctx.onCommit) ctx.onCommit.push(hook);
  else hook();
}

/** The signed-in user, or AUTH_REQUIRED. */
export function requireUser(ctx: Ctx): Extract<Actor, { kind: 'user' }> {
  if (ctx.actor.kind !== 'user') throw new AppError('AUTH_REQUIRED');
  return ctx.actor;
}

/** The platform admin acting, or AUTH_FORBIDDEN. */
export function requireAdmin(ctx: Ctx): Extract<Actor, { kind: 'user' }> {
  const user = requireUser(ctx);
  if (!user.isPlatformAdmin) throw new AppError('AUTH_FORBIDDEN');
  return user;
}

/**
 * The one tenant-scoping mechanism: the merchant the actor belongs to, checked for `permission`
 * (owners hold all). Every merchant-scoped query filters by the id this returns, so another
 * merchant's rows are simply not found (404), and missing permissions are refused (403).
 */
export function tenantOf(ctx: Ctx, permission: MerchantPermission | null): string {
  const user = requireUser(ctx);
  const m = user.membership;
  if (!m) throw new AppError('AUTH_FORBIDDEN');
  if (permission && m.role !== 'owner' && !m.permissions.includes(permission)) {
    throw new AppError('AUTH_FORBIDDEN', { permission });
  }
  return m.merchantId;
}

/** A ctx for the system itself (CLI, jobs, start-up). */
export function systemCtx(base: Omit<Ctx, 'actor' | 'locale' | 'now'> & { name: string }): Ctx {
  const { name, ...rest } = base;
  return { ...rest, actor: { kind: 'system', name }, locale: 'zh-CN', now: () => new Date() };
}
