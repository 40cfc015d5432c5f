import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from 'pino';

/** src/db/migrations, from this file (tsx, tests) or from the server bundle in apps/server/dist/. */
const migrationsFolder = fileURLToPath(
  new URL(
    import.meta.url.includes('/apps/server/dist/') ? '../src/db/migrations' : './migrations',
    import.meta.url,
  ),
);
/** Arbitrary constant: the advisory lock every process takes while migrating. */
const MIGRATION_LOCK = 7_346_029_117;

interface Journal {
  entries: { idx: number; tag: string; when: number }[];
}

function journal(): Journal {
  return JSON.parse(fs.readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as Journal;
}

/**
 * Brings the database schema up to date: Kameng's forward-only migrations and the job queue's.
 * Several processes may start at once; an advisory lock lets one migrate while the others wait.
 * A database migrated by a newer Kameng is refused rather than touched.
 */
export async function migrateDatabase(url: string, log: Logger): Promise<{ applied: number }> {
  const client = new pg.Client({ connectionString: url, application_name: 'kameng-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const before = await appliedCount(client);
    const known = journal().entries.length;
    if (before > known) {
      throw new Error(
        `The database has ${before} migrations but this Kameng knows ${known}: it was migrated by a newer ` +
          `version. Upgrade Kameng. / 数据库由更新版本的 Kameng 迁移过，请升级。`,
      );
    }
    await client.query('SET client_min_messages = warning');
    await migrate(drizzle(client), { migrationsFolder });
    // The job queue's own schema, migrated on another connection while we still hold the lock.
    await runWorkerMigrations({ connectionString: url });
    const applied = (await appliedCount(client)) - before;
    if (applied > 0) log.info({ applied, total: known }, 'database migrated');
    return { applied };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** Pending migrations (0 when current), for /readyz. */
export async function pendingMigrations(
  query: (sql: string) => Promise<{ rows: unknown[] }>,
): Promise<number> {
  const known = journal().entries.length;
  try {
    const { rows } = await query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
    return known - (rows[0] as { n: number }).n;
  } catch {
    return known;
  }
}

async function appliedCount(client: pg.Client): Promise<number> {
  return pendingMigrations((sql) => client.query(sql)).then((pending) => journal().entries.length - pending);
}
