import { randomUUID } from 'node:crypto';
import { apiScopes, type ApiMode, type ApiScope } from '@kameng/shared';
import { KamengClient, type KamengClientOptions } from '@kameng/sdk';
import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { createUser } from '../src/modules/accounts/create-user';
import { newAppKey, newAppSecret, sealSecret } from '../src/modules/docking/credential-secret';
import { apiCredentials, apiSandboxBalances } from '../src/modules/docking/schema';
import { resellerAccounts, resellerLevelPrices, resellerLevels } from '../src/modules/resellers/schema';
import { Agent } from './agent';
import type { TestEnv } from './env';
import { PASSWORD, uniqueEmail } from './fixtures';

/** An API credential with its secret in clear (as the console shows it once). */
export interface TestCredential {
  id: string;
  mode: ApiMode;
  appKey: string;
  appSecret: string;
}

/** A reseller approved for API docking, with a live and a sandbox credential. */
export interface DockingAccount {
  resellerId: string;
  userId: string;
  email: string;
  /** The reseller's signed-in console session. */
  agent: Agent;
  live: TestCredential;
  sandbox: TestCredential;
}

/**
 * Inserts a credential for `resellerId` (secret encrypted like the console stores it: aad
 * `api-secret:<id>`). All scopes unless `scopes` is given.
 */
export async function insertCredential(
  env: Pick<TestEnv, 'db' | 'box'>,
  resellerId: string,
  mode: ApiMode,
  opts: {
    scopes?: readonly ApiScope[];
    ipAllowList?: string[];
    expiresAt?: Date | null;
    rateLimitPerMinute?: number;
  } = {},
): Promise<TestCredential> {
  const id = randomUUID();
  const appKey = newAppKey(mode);
  const appSecret = newAppSecret();
  await env.db.insert(apiCredentials).values({
    id,
    resellerId,
    mode,
    name: `${mode} key`,
    appKey,
    secretEnc: sealSecret(env.box, id, appSecret),
    scopes: [...(opts.scopes ?? apiScopes)],
    ipAllowList: opts.ipAllowList ?? [],
    expiresAt: opts.expiresAt ?? null,
    ...(opts.rateLimitPerMinute ? { rateLimitPerMinute: opts.rateLimitPerMinute } : {}),
  });
  return { id, mode, appKey, appSecret };
}

/** An SDK client for a test credential, without retries (each refusal is seen as sent). */
export function sdkClient(
  baseUrl: string,
  cred: Pick<TestCredential, 'appKey' | 'appSecret'>,
  opts: Partial<KamengClientOptions> = {},
): KamengClient {
  return new KamengClient({
    baseUrl,
    appKey: cred.appKey,
    appSecret: cred.appSecret,
    maxRetries: 0,
    ...opts,
  });
}

/**
 * A reseller created and topped up by the platform admin through its console routes (`balance` fen of
 * live money, in the ledger), approved for API docking, with a live and a sandbox credential and
 * `sandboxBalance` fen of test money.
 */
export async function dockingAccount(
  env: TestEnv,
  admin: Agent,
  opts: { balance?: number; sandboxBalance?: number; scopes?: readonly ApiScope[]; name?: string } = {},
): Promise<DockingAccount> {
  const email = uniqueEmail('reseller');
  const userId = await createUser(env.ctx(), { email, password: PASSWORD, displayName: 'Reseller' });
  const agent = new Agent(env.app);
  expect((await agent.post('/api/auth/login', { email, password: PASSWORD })).statusCode).toBe(200);
  const created = await admin.post('/api/admin/finance/resellers', {
    email,
    name: opts.name ?? `R ${email}`,
  });
  expect(created.statusCode, created.body).toBe(201);
  const resellerId = created.json<{ id: string }>().id;
  if (opts.balance) await topUp(admin, resellerId, opts.balance);
  await env.db
    .update(resellerAccounts)
    .set({ apiStatus: 'approved' })
    .where(eq(resellerAccounts.id, resellerId));
  await setSandboxBalance(env, resellerId, opts.sandboxBalance ?? 0);
  const scopes = opts.scopes ? { scopes: opts.scopes } : {};
  return {
    resellerId,
    userId,
    email,
    agent,
    live: await insertCredential(env, resellerId, 'live', scopes),
    sandbox: await insertCredential(env, resellerId, 'sandbox', scopes),
  };
}

/** Tops up a reseller's live balance through the admin route (ledger: platform_equity → reseller_balance). */
export async function topUp(admin: Agent, resellerId: string, amount: number): Promise<void> {
  const res = await admin.post(`/api/admin/finance/resellers/${resellerId}/top-ups`, {
    amount,
    note: 'bank',
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** Sets a reseller's sandbox (test money) balance. */
export async function setSandboxBalance(env: Pick<TestEnv, 'db'>, resellerId: string, balance: number) {
  await env.db
    .insert(apiSandboxBalances)
    .values({ resellerId, balance })
    .onConflictDoUpdate({ target: apiSandboxBalances.resellerId, set: { balance, updatedAt: sql`now()` } });
}

/** The sandbox balance of a reseller. */
export async function sandboxBalance(env: Pick<TestEnv, 'db'>, resellerId: string): Promise<number> {
  const [row] = await env.db
    .select({ balance: apiSandboxBalances.balance })
    .from(apiSandboxBalances)
    .where(eq(apiSandboxBalances.resellerId, resellerId));
  return row?.balance ?? 0;
}

/** Puts a reseller on a new level (discount in basis points, optional fixed prices per SKU). */
export async function setResellerLevel(
  env: Pick<TestEnv, 'db'>,
  resellerId: string,
  level: { name?: string; discountBps: number; prices?: Record<string, number> },
): Promise<string> {
  const [row] = await env.db
    .insert(resellerLevels)
    .values({ name: level.name ?? 'Gold', discountBps: level.discountBps })
    .returning({ id: resellerLevels.id });
  const levelId = row!.id;
  const prices = Object.entries(level.prices ?? {});
  if (prices.length) {
    await env.db
      .insert(resellerLevelPrices)
      .values(prices.map(([skuId, price]) => ({ levelId, skuId, price })));
  }
  await env.db.update(resellerAccounts).set({ levelId }).where(eq(resellerAccounts.id, resellerId));
  return levelId;
}

/** Starts the app on a loopback port (the SDK talks real HTTP); returns its base URL. */
export async function listen(env: TestEnv): Promise<string> {
  const address = await env.app.listen({ port: 0, host: '127.0.0.1' });
  return address;
}
