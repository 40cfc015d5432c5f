// The real `kameng` command as child processes: crash recovery of the embedded PostgreSQL, graceful
// shutdown, first-run setup, the CLI commands, concurrent migrations, and start-up time.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { merchantAgreementVersion } from '@kameng/shared';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { migrateDatabase } from '../src/db/migrate';
import { createLogger } from '../src/lib/logger';
import { createTestDatabase } from './env';
import { PASSWORD } from './fixtures';
import { withDb } from './global-setup';
import {
  cleanupAll,
  freePort,
  isAlive,
  postmasterPid,
  repoRoot,
  runKameng,
  sandbox,
  waitDead,
  waitReady,
  type KamengProcess,
} from './spawn-kameng';

// The process tests run concurrently, each starting its own embedded PostgreSQL: on a 2-core machine a
// start can take half a minute.
const TIMEOUT = 120_000;
const journalEntries = (
  JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'apps/server/src/db/migrations/meta/_journal.json'), 'utf8'),
  ) as { entries: unknown[] }
).entries.length;
const STACK_LINE = /^\s+at /m;
const uniq = () => randomBytes(4).toString('hex');

afterAll(cleanupAll);

async function api(port: number, method: 'GET' | 'POST', url: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}${url}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

/** Sends SIGTERM and expects a clean exit within 10 s. */
async function stop(proc: KamengProcess): Promise<number> {
  const started = Date.now();
  proc.child.kill('SIGTERM');
  const exit = await proc.waitForExit(10_000);
  expect(exit, `${proc.stdout}\n${proc.stderr}`).toEqual({ code: 0, signal: null });
  return Date.now() - started;
}

/** Runs SQL on the test server as superuser. */
async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  params?: unknown[],
) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

describe.concurrent('kameng as a process', () => {
  it(
    'recovers from a SIGKILL: the orphaned postgres is stopped and the data survives',
    async ({ onTestFinished }) => {
      const box = sandbox(onTestFinished);
      const dataDir = box.dataDir();
      const port1 = await freePort();
      const first = box.spawn(['start'], { KAMENG_DATA_DIR: dataDir, PORT: String(port1) });
      await waitReady(first, port1);

      const email = `crash.${uniq()}@example.com`;
      const reg = await api(port1, 'POST', '/api/auth/register-merchant', {
        email,
        password: PASSWORD,
        displayName: 'Owner',
        merchantName: 'Crash Shop',
        kind: 'individual',
        acceptAgreement: true,
        agreementVersion: merchantAgreementVersion,
      });
      expect(reg.status, reg.text).toBe(201);

      const oldPg = postmasterPid(dataDir);
      expect(oldPg).toBeDefined();
      expect(isAlive(oldPg!)).toBe(true);

      first.child.kill('SIGKILL');
      expect(await first.waitForExit(5000)).toEqual({ code: null, signal: 'SIGKILL' });
      // The node process is gone; its postgres is an orphan still holding the folder.
      expect(isAlive(first.pid)).toBe(false);
      expect(isAlive(oldPg!)).toBe(true);
      expect(postmasterPid(dataDir)).toBe(oldPg);

      const port2 = await freePort();
      const second = box.spawn(['start'], { KAMENG_DATA_DIR: dataDir, PORT: String(port2) });
      await waitReady(second, port2);
      const newPg = postmasterPid(dataDir);
      expect(newPg).toBeDefined();
      expect(newPg).not.toBe(oldPg);
      expect(isAlive(oldPg!)).toBe(false);
      expect(isAlive(newPg!)).toBe(true);
      expect(second.logs().some((l) => l.level === 40 && l.pid === oldPg)).toBe(true);

      const login = await api(port2, 'POST', '/api/auth/login', { email, password: PASSWORD });
      expect(login.status, login.text).toBe(200);
      expect(login.json().status).toBe('ok');

      await stop(second);
      expect(isAlive(newPg!)).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'a SIGTERM that arrives during start-up still stops cleanly (exit 0, no orphaned postgres)',
    async ({ onTestFinished }) => {
      const box = sandbox(onTestFinished);
      const dataDir = box.dataDir();
      const port = await freePort();
      const proc = box.spawn(['start'], { KAMENG_DATA_DIR: dataDir, PORT: String(port) });
      // Mid start-up: the database is up, migrations and the HTTP server are not.
      await proc.waitForStdout(/embedded PostgreSQL started/, 30_000);
      const pgPid = postmasterPid(dataDir);
      proc.child.kill('SIGTERM');
      const exit = await proc.waitForExit(20_000);
      expect(exit, `${proc.stdout}\n${proc.stderr}`).toEqual({ code: 0, signal: null });
      expect(pgPid !== undefined && isAlive(pgPid)).toBe(false);
      expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'stops cleanly on SIGTERM: exit 0 within 10 s, embedded postgres stopped',
    async ({ onTestFinished }) => {
      const box = sandbox(onTestFinished);
      const dataDir = box.dataDir();
      const port = await freePort();
      const proc = box.spawn(['start'], { KAMENG_DATA_DIR: dataDir, PORT: String(port) });
      await waitReady(proc, port);
      const pgPid = postmasterPid(dataDir);
      expect(pgPid).toBeDefined();
      expect(isAlive(pgPid!)).toBe(true);

      const logsBefore = proc.logs().length;
      const ms = await stop(proc);
      expect(ms).toBeLessThan(10_000);
      expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
      expect(isAlive(pgPid!)).toBe(false);
      expect(fs.existsSync(path.join(dataDir, 'kameng.pid'))).toBe(false);
      // A graceful shutdown logs no errors (e.g. connections cut by postgres stopping under them).
      const errors = proc
        .logs()
        .slice(logsBefore)
        .filter((l) => typeof l.level === 'number' && l.level >= 50);
      expect(errors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'prints a one-time setup URL on first run only; its token creates the admin',
    async ({ onTestFinished }) => {
      const box = sandbox(onTestFinished);
      const dataDir = box.dataDir();
      const port = await freePort();
      const first = box.spawn(['start'], { KAMENG_DATA_DIR: dataDir, PORT: String(port) });
      const [, url, token] = await first.waitForStdout(
        /(http:\/\/\S+)\/setup\?token=([A-Za-z0-9_-]+)\s/,
        45_000,
      );
      expect(url).toBe(`http://127.0.0.1:${port}`);
      await waitReady(first, port);

      const body = {
        token: token!,
        email: `root.${uniq()}@example.com`,
        password: PASSWORD,
        displayName: 'Root',
      };
      const setup = await api(port, 'POST', '/api/setup', body);
      expect(setup.status, setup.text).toBe(201);
      expect((setup.json().user as { roles: string[] }).roles).toEqual(['platform_admin']);
      const again = await api(port, 'POST', '/api/setup', { ...body, email: `root2.${uniq()}@example.com` });
      expect(again.status).toBeGreaterThanOrEqual(400);
      await stop(first);

      const second = box.spawn(['start'], { KAMENG_DATA_DIR: dataDir, PORT: String(port) });
      await waitReady(second, port);
      await second.waitForStdout(/Kameng is running at/, 10_000);
      expect((await api(port, 'GET', '/api/setup/status')).json()).toEqual({ needsSetup: false });
      await stop(second); // all output is flushed once it has exited
      expect(second.stdout).toContain('Kameng is running at');
      expect(second.stdout).not.toContain('/setup?token=');
    },
    TIMEOUT,
  );

  it(
    '`admin create` creates a platform admin; a bad e-mail exits non-zero without a stack trace',
    async ({ onTestFinished }) => {
      const box = sandbox(onTestFinished);
      const url = await createTestDatabase();
      const env = { DATABASE_URL: url, KAMENG_DATA_DIR: box.dataDir(), KAMENG_ADMIN_PASSWORD: PASSWORD };
      const email = `cli.${uniq()}@example.com`;

      const ok = await runKameng(['admin', 'create', '--email', email], env);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain(email);
      expect(await sql(url, 'SELECT is_platform_admin FROM users WHERE email = $1', [email])).toEqual([
        { is_platform_admin: true },
      ]);

      const bad = await runKameng(['admin', 'create', '--email', 'not-an-email'], env);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/e-?mail/i);
      expect(bad.stderr).not.toMatch(STACK_LINE);
      expect(bad.stdout).not.toContain('created');
      expect(await sql(url, 'SELECT count(*)::int AS n FROM users')).toEqual([{ n: 1 }]);
    },
    TIMEOUT,
  );

  it(
    '`audit verify` passes on an intact chain and names the tampered entry',
    async ({ onTestFinished }) => {
      const box = sandbox(onTestFinished);
      const url = await createTestDatabase();
      const env = { DATABASE_URL: url, KAMENG_DATA_DIR: box.dataDir(), KAMENG_ADMIN_PASSWORD: PASSWORD };
      for (const who of ['a', 'b']) {
        const res = await runKameng(
          ['admin', 'create', '--email', `audit.${who}.${uniq()}@example.com`],
          env,
        );
        expect(res.code, res.stderr).toBe(0);
      }
      const { n, first } = (
        await sql<{ n: number; first: string }>(
          url,
          'SELECT count(*)::int AS n, min(id)::text AS first FROM audit_log',
        )
      )[0]!;
      expect(n).toBeGreaterThanOrEqual(2);

      const intact = await runKameng(['audit', 'verify'], env);
      expect(intact.code, intact.stderr).toBe(0);
      expect(intact.stdout).toMatch(/\bOK\b/);

      await sql(url, `UPDATE audit_log SET data = '{"x":1}' WHERE id = (SELECT min(id) FROM audit_log)`);
      const tampered = await runKameng(['audit', 'verify'], env);
      expect(tampered.code).toBe(1);
      expect(tampered.stdout).toMatch(new RegExp(`\\bentry ${first}\\b`));
      expect(tampered.stdout).not.toMatch(/\bOK\b/);
    },
    TIMEOUT,
  );

  it(
    '`migrate` migrates a new database; four concurrent migrations apply each migration once',
    async ({ onTestFinished }) => {
      const box = sandbox(onTestFinished);
      const adminUrl = inject('adminUrl');
      const names = [`kameng_proc_${uniq()}`, `kameng_proc_${uniq()}`];
      for (const name of names) await sql(adminUrl, `CREATE DATABASE ${name}`);
      const count = async (name: string) =>
        (
          await sql<{ n: number }>(
            withDb(adminUrl, name),
            'SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations',
          )
        )[0]!.n;
      try {
        const [cliDb, concurrentDb] = names.map((n) => withDb(adminUrl, n)) as [string, string];
        const res = await runKameng(['migrate'], { DATABASE_URL: cliDb, KAMENG_DATA_DIR: box.dataDir() });
        expect(res.code, res.stderr).toBe(0);
        expect(await count(names[0]!)).toBe(journalEntries);

        const log = createLogger('silent');
        const results = await Promise.all([1, 2, 3, 4].map(() => migrateDatabase(concurrentDb, log)));
        expect(results.map((r) => r.applied).sort()).toEqual([0, 0, 0, journalEntries]);
        expect(await count(names[1]!)).toBe(journalEntries);
      } finally {
        for (const name of names) await sql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    },
    TIMEOUT,
  );

  it(
    '--help works on every command',
    async () => {
      const commands = [[], ['start'], ['migrate'], ['admin', 'create'], ['audit', 'verify']];
      const results = await Promise.all(commands.map((c) => runKameng([...c, '--help'], {})));
      results.forEach((res, i) => {
        const name = ['kameng', ...commands[i]!].join(' ');
        expect(res.code, `${name}: ${res.stderr}`).toBe(0);
        // Commander prints "Usage: <name> …", a blank line, the description, then the options.
        const m = res.stdout.match(/^Usage: (.+?) \[options\].*\n\n(.+)\n/);
        expect(m?.[1], res.stdout).toBe(name);
        expect(m?.[2]?.trim().length ?? 0).toBeGreaterThan(10);
        expect(res.stdout).toContain('--help');
      });
      expect(results[3]!.stdout).toContain('--email');
    },
    TIMEOUT,
  );

  it(
    'refuses a malformed KAMENG_MASTER_KEY with a clear message',
    async ({ onTestFinished }) => {
      const box = sandbox(onTestFinished);
      const port = await freePort();
      const res = await runKameng(['start'], {
        KAMENG_DATA_DIR: box.dataDir(),
        PORT: String(port),
        KAMENG_MASTER_KEY: 'short',
      });
      expect(res.code).not.toBe(0);
      expect(res.code).not.toBeNull();
      expect(res.stderr).toContain('KAMENG_MASTER_KEY');
      expect(res.stderr).not.toMatch(STACK_LINE);
    },
    TIMEOUT,
  );

  it(
    'generates master.key with mode 0600 on first start',
    async ({ onTestFinished }) => {
      const box = sandbox(onTestFinished);
      const dataDir = box.dataDir();
      const port = await freePort();
      const proc = box.spawn(['start'], { KAMENG_DATA_DIR: dataDir, PORT: String(port) });
      await waitReady(proc, port);
      const key = path.join(dataDir, 'master.key');
      expect(fs.statSync(key).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(key, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
      await stop(proc);
    },
    TIMEOUT,
  );
});

// Alone, after the concurrent tests, so the measured time is not inflated by them.
describe('start-up time', () => {
  it(
    'is ready quickly on an existing data folder',
    async ({ onTestFinished }) => {
      const box = sandbox(onTestFinished);
      const dataDir = box.dataDir();
      const port = await freePort();
      const first = box.spawn(['start'], { KAMENG_DATA_DIR: dataDir, PORT: String(port) });
      await waitReady(first, port);
      await stop(first);

      const started = performance.now();
      const second = box.spawn(['start'], { KAMENG_DATA_DIR: dataDir, PORT: String(port) });
      await waitReady(second, port);
      const ms = Math.round(performance.now() - started);
      const running = second.logs().find((l) => l.msg === 'Kameng is running');
      console.log(
        `kameng start on an existing data folder: spawn → /readyz 200 in ${ms} ms ` +
          `(in-process start-up ${String(running?.ms)} ms)`,
      );
      expect(ms).toBeLessThan(10_000);
      await stop(second);
      await waitDead(second.pid, 1000);
    },
    TIMEOUT,
  );
});
