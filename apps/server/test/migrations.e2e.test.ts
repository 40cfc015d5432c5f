import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { migrateDatabase } from '../src/db/migrate';
import { createLogger } from '../src/lib/logger';
import { withDb } from './global-setup';

const migrations = path.resolve(import.meta.dirname, '../src/db/migrations');
const journal = JSON.parse(fs.readFileSync(path.join(migrations, 'meta/_journal.json'), 'utf8')) as {
  entries: { tag: string }[];
};
const name = `kameng_mig_${process.pid}_${Date.now().toString(36)}`;
const adminUrl = inject('adminUrl');
const url = withDb(adminUrl, name);

async function sql<T extends pg.QueryResultRow>(target: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

afterAll(() => sql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

describe('upgrading a database made by an older version', () => {
  it.skipIf(journal.entries.length < 2)(
    'applies only the newer migrations and keeps the data',
    async ({ onTestFinished }) => {
      await sql(adminUrl, `CREATE DATABASE ${name}`);
      // The "older version": a migrations folder holding only the first migration.
      const old = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-old-'));
      onTestFinished(() => fs.rmSync(old, { recursive: true, force: true }));
      fs.mkdirSync(path.join(old, 'meta'));
      fs.copyFileSync(
        path.join(migrations, `${journal.entries[0]!.tag}.sql`),
        path.join(old, `${journal.entries[0]!.tag}.sql`),
      );
      fs.writeFileSync(
        path.join(old, 'meta/_journal.json'),
        JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }),
      );
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await migrate(drizzle(client), { migrationsFolder: old });
      await client.end();
      await sql(
        url,
        `INSERT INTO users (email, password_hash, display_name) VALUES ('old@example.com', 'x', 'Old')`,
      );

      const { applied } = await migrateDatabase(url, createLogger('silent'));
      expect(applied).toBe(journal.entries.length - 1);
      expect(await sql(url, `SELECT email FROM users`)).toEqual([{ email: 'old@example.com' }]);
      const [{ n }] = (await sql<{ n: number }>(
        url,
        `SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
      )) as [{ n: number }];
      expect(n).toBe(journal.entries.length);
      // Running again changes nothing.
      expect((await migrateDatabase(url, createLogger('silent'))).applied).toBe(0);
    },
  );

  it('refuses a database migrated by a newer version', async () => {
    const newer = `${name}_newer`;
    await sql(adminUrl, `CREATE DATABASE ${newer}`);
    try {
      const target = withDb(adminUrl, newer);
      await migrateDatabase(target, createLogger('silent'));
      await sql(
        target,
        `INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('future', 99999999999999)`,
      );
      await expect(migrateDatabase(target, createLogger('silent'))).rejects.toThrow(/newer/);
    } finally {
      await sql(adminUrl, `DROP DATABASE IF EXISTS ${newer} WITH (FORCE)`);
    }
  });
});
