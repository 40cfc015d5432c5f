import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded';
import { migrateDatabase } from '../src/db/migrate';
import { createLogger } from '../src/lib/logger';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the server tests run on (embedded, or TEST_DATABASE_URL). */
    adminUrl: string;
    /** A migrated database each test file clones (CREATE DATABASE … TEMPLATE). */
    templateDb: string;
  }
}

/**
 * One PostgreSQL per run: an embedded server in a temporary folder, or the server named by
 * TEST_DATABASE_URL. A migrated template database is made once; every test file gets its own copy.
 */
export default async function setup(project: TestProject) {
  const log = createLogger('warn');
  let embedded: EmbeddedServer | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-test-'));
    fs.chmodSync(dataDir, 0o755); // postgres runs as another user when we are root
    embedded = await startEmbeddedPostgres(dataDir, log);
    adminUrl = embedded.url;
  }
  const templateDb = `kameng_tpl_${process.pid}_${Date.now().toString(36)}`;
  await admin(adminUrl, `CREATE DATABASE ${templateDb}`);
  await migrateDatabase(withDb(adminUrl, templateDb), log);
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);

  return async () => {
    const prefix = templateDb.replace('_tpl_', '_t_');
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [templateDb, `${prefix}%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await client.end();
    await embedded?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

/** The same server URL pointing at another database. */
export function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
