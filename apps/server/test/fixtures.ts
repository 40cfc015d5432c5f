import { merchantAgreementVersion, type MerchantPermission } from '@kameng/shared';
import { expect } from 'vitest';
import { createPlatformAdmin } from '../src/modules/accounts/setup';
import { Agent, totpNow } from './agent';
import type { TestEnv } from './env';

export const PASSWORD = 'correct horse battery';
let seq = 0;
/** A unique e-mail for this test file. */
export const uniqueEmail = (prefix: string) => `${prefix}.${process.pid}.${++seq}@example.com`;

/** A platform admin signed in with 2FA enrolled; returns the agent and the TOTP secret. */
export async function signedInAdmin(env: TestEnv, lang: 'zh-CN' | 'en' = 'zh-CN') {
  const email = uniqueEmail('admin');
  await createPlatformAdmin(env.ctx(), { email, password: PASSWORD, displayName: 'Admin' });
  const agent = new Agent(env.app, lang);
  const login = await agent.post('/api/auth/login', { email, password: PASSWORD });
  expect(login.statusCode).toBe(200);
  const setup = await agent.post('/api/account/2fa/setup');
  expect(setup.statusCode).toBe(200);
  const secret = setup.json<{ secret: string }>().secret;
  const enable = await agent.post('/api/account/2fa/enable', { code: totpNow(secret) });
  expect(enable.statusCode).toBe(200);
  return { agent, email, secret, recoveryCodes: enable.json<{ recoveryCodes: string[] }>().recoveryCodes };
}

/** A newly registered merchant, its owner signed in. */
export async function registeredMerchant(env: TestEnv, name = 'Shop') {
  const email = uniqueEmail('owner');
  const agent = new Agent(env.app);
  const res = await agent.post('/api/auth/register-merchant', {
    email,
    password: PASSWORD,
    displayName: 'Owner',
    merchantName: name,
    kind: 'individual',
    acceptAgreement: true,
    agreementVersion: merchantAgreementVersion,
  });
  expect(res.statusCode).toBe(201);
  const merchantId = res.json<{ user: { merchant: { id: string } } }>().user.merchant.id;
  return { agent, email, merchantId };
}

/** A staff member of the owner's merchant with `permissions`, signed in. */
export async function signedInStaff(env: TestEnv, owner: Agent, permissions: MerchantPermission[]) {
  const email = uniqueEmail('staff');
  const res = await owner.post('/api/merchant/staff', {
    email,
    displayName: 'Staff',
    password: PASSWORD,
    permissions,
  });
  expect(res.statusCode).toBe(201);
  const agent = new Agent(env.app);
  expect((await agent.post('/api/auth/login', { email, password: PASSWORD })).statusCode).toBe(200);
  return { agent, email, staffId: res.json<{ id: string }>().id };
}
