import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { DestinationStream, Logger } from 'pino';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../src/config';
import { openDb, type Db } from '../src/db/client';
import { buildApp } from '../src/http/app';
import { systemCtx, type Ctx } from '../src/lib/ctx';
import { SecretBox } from '../src/lib/crypto';
import { createLogger } from '../src/lib/logger';
import { withDb } from './global-setup';

/** A fresh database (a copy of the migrated template) with the app built on it, in-process. */
export interface TestEnv {
  app: FastifyInstance;
  db: Db;
  box: SecretBox;
  config: Config;
  url: string;
  log: Logger;
  /** A system ctx on the test database, for calling domain functions directly. */
  ctx(): Ctx;
  /** Moves the clock every request and job sees. */
  clock: { now: Date; advance(ms: number): void };
  close(): Promise<void>;
}

/** Creates an empty database for one test file (cloned from the template: milliseconds, not a migration run). */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = inject('adminUrl');
  const template = inject('templateDb');
  const name = `${template.replace('_tpl_', '_t_')}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await client.end();
  }
  return withDb(adminUrl, name);
}

/** Boots the app in-process on a fresh database. */
export async function createTestEnv(
  overrides: Record<string, string> = {},
  logStream?: DestinationStream,
): Promise<TestEnv> {
  const url = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-env-'));
  const config = loadConfig({
    KAMENG_DATA_DIR: dataDir,
    DATABASE_URL: url,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    ...overrides,
  });
  const log = createLogger(config.logLevel, logStream);
  const db = openDb(url, 10);
  const box = new SecretBox(randomBytes(32));
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const clock = {
    get now() {
      return now();
    },
    advance(ms: number) {
      offset += ms;
    },
  };
  const app = await buildApp({ config, db, box, log, now });
  await app.ready();
  return {
    app,
    db,
    box,
    config,
    url,
    log,
    clock,
    ctx: () => ({ ...systemCtx({ db, box, log, name: 'test' }), now }),
    close: async () => {
      await app.close();
      await db.$client.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
