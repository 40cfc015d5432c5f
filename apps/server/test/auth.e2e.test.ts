import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/modules/accounts/schema';
import { issueSetupToken } from '../src/modules/accounts/setup';
import { LOCKOUT_AFTER } from '../src/modules/accounts/login';
import { Agent, totpNow } from './agent';
import { createTestEnv, type TestEnv } from './env';
import { PASSWORD, registeredMerchant, signedInAdmin, uniqueEmail } from './fixtures';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

describe('first-run setup', () => {
  it('creates the first admin only with the printed token, once', async () => {
    const agent = new Agent(env.app);
    expect((await agent.get('/api/setup/status')).json()).toEqual({ needsSetup: true });
    const token = await issueSetupToken(env.db);
    const body = { email: uniqueEmail('first'), password: PASSWORD, displayName: 'Root' };

    const wrong = await agent.post('/api/setup', { ...body, token: 'x'.repeat(32) });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('SETUP_TOKEN_INVALID');

    const ok = await agent.post('/api/setup', { ...body, token });
    expect(ok.statusCode).toBe(201);
    const me = ok.json().user;
    expect(me.roles).toEqual(['platform_admin']);
    expect(me.mfaEnrolmentRequired).toBe(true);

    // The admin may only enrol 2FA until it is on.
    const blocked = await agent.get('/api/admin/merchants');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('AUTH_MFA_ENROLMENT_REQUIRED');

    const again = await new Agent(env.app).post('/api/setup', {
      ...body,
      email: uniqueEmail('second'),
      token,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('SETUP_DONE');
    expect((await agent.get('/api/setup/status')).json()).toEqual({ needsSetup: false });
  });
});

describe('sign-in', () => {
  it('needs the TOTP code after the password when 2FA is on, and refuses a reused code', async () => {
    const { email, secret } = await signedInAdmin(env);
    const agent = new Agent(env.app, 'en');
    const step1 = await agent.post('/api/auth/login', { email, password: PASSWORD });
    expect(step1.json()).toMatchObject({ status: 'mfa_required' });
    const pending = await agent.get('/api/auth/me');
    expect(pending.statusCode).toBe(401);
    expect(pending.json().code).toBe('AUTH_MFA_REQUIRED');

    const bad = await agent.post('/api/auth/2fa', { code: '000000' });
    expect(bad.statusCode).toBe(401);
    expect(bad.json()).toMatchObject({ code: 'AUTH_MFA_INVALID', message: 'The verification code is wrong' });

    // The enrolment already used the current step; the next step's code is accepted once.
    const code = totpNow(secret, 1);
    const ok = await agent.post('/api/auth/2fa', { code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.roles).toContain('platform_admin');
    expect((await agent.get('/api/admin/merchants')).statusCode).toBe(200);

    const other = new Agent(env.app);
    await other.post('/api/auth/login', { email, password: PASSWORD });
    const replay = await other.post('/api/auth/2fa', { code });
    expect(replay.json().code).toBe('AUTH_MFA_INVALID');
  });

  it('accepts a recovery code exactly once', async () => {
    const { email, recoveryCodes } = await signedInAdmin(env);
    const first = new Agent(env.app);
    await first.post('/api/auth/login', { email, password: PASSWORD });
    expect((await first.post('/api/auth/2fa', { code: recoveryCodes[0] })).statusCode).toBe(200);
    const second = new Agent(env.app);
    await second.post('/api/auth/login', { email, password: PASSWORD });
    expect((await second.post('/api/auth/2fa', { code: recoveryCodes[0] })).json().code).toBe(
      'AUTH_MFA_INVALID',
    );
  });

  it('answers the same for an unknown e-mail and a wrong password, and locks after repeated failures', async () => {
    const { email } = await registeredMerchant(env);
    const agent = new Agent(env.app);
    const unknown = await agent.post('/api/auth/login', { email: uniqueEmail('nobody'), password: PASSWORD });
    const wrong = await agent.post('/api/auth/login', { email, password: 'wrong password!' });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().code).toBe(wrong.json().code);

    for (let i = 1; i < LOCKOUT_AFTER; i++)
      await agent.post('/api/auth/login', { email, password: 'wrong password!' });
    const locked = await agent.post('/api/auth/login', { email, password: PASSWORD });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('AUTH_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);

    env.clock.advance(16 * 60_000);
    expect((await agent.post('/api/auth/login', { email, password: PASSWORD })).statusCode).toBe(200);
    env.clock.advance(-16 * 60_000);
  });

  it('sets an httpOnly SameSite session cookie and stores only its hash', async () => {
    const { email } = await registeredMerchant(env);
    const agent = new Agent(env.app);
    const res = await agent.post('/api/auth/login', { email, password: PASSWORD });
    const cookie = res.cookies.find((c) => c.name === 'kameng_sid')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const rows = await env.db.execute<{ n: number }>(
      `SELECT count(*)::int AS n FROM sessions WHERE encode(token_hash, 'escape') LIKE '%${cookie.value}%'` as never,
    );
    expect(rows.rows[0]!.n).toBe(0);
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const { agent } = await registeredMerchant(env);
    const csrf = agent.csrf;
    agent.csrf = undefined;
    const res = await agent.patch('/api/account/profile', { displayName: 'X' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('AUTH_CSRF_INVALID');
    agent.csrf = 'forged-token-forged-token';
    expect((await agent.patch('/api/account/profile', { displayName: 'X' })).statusCode).toBe(403);
    agent.csrf = csrf;
    expect((await agent.patch('/api/account/profile', { displayName: 'X' })).statusCode).toBe(200);
  });

  it('refuses form posts (cross-site requests cannot send JSON without a preflight)', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=a%40b.c&password=x',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('changing the password ends the other sessions', async () => {
    const { agent, email } = await registeredMerchant(env);
    const other = new Agent(env.app);
    await other.post('/api/auth/login', { email, password: PASSWORD });
    expect((await other.get('/api/auth/me')).statusCode).toBe(200);
    const res = await agent.post('/api/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'a new long password',
    });
    expect(res.statusCode).toBe(200);
    expect((await other.get('/api/auth/me')).statusCode).toBe(401);
    expect((await agent.get('/api/auth/me')).statusCode).toBe(200);
  });

  it('logout ends the session', async () => {
    const { agent } = await registeredMerchant(env);
    expect((await agent.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await agent.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('disabled users cannot sign in', async () => {
    const { email } = await registeredMerchant(env);
    await env.db.update(users).set({ disabled: true }).where(eq(users.email, email));
    const res = await new Agent(env.app).post('/api/auth/login', { email, password: PASSWORD });
    expect(res.json().code).toBe('AUTH_ACCOUNT_DISABLED');
  });
});
