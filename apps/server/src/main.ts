import type { FastifyInstance } from 'fastify';
import type { Runner } from 'graphile-worker';
import type { Logger } from 'pino';
import type { Config } from './config';
import { openDb, type Db } from './db/client';
import { startEmbeddedPostgres, type EmbeddedServer } from './db/embedded';
import { migrateDatabase } from './db/migrate';
import { buildApp } from './http/app';
import { startWorker } from './jobs/worker';
import { SecretBox } from './lib/crypto';
import { loadMasterKey } from './lib/master-key';
import { issueSetupToken, needsSetup } from './modules/accounts/setup';
import { checkMasterKey } from './modules/settings/master-key-check';
import { startWebhookLoop, type WebhookLoop } from './modules/webhooks/webhook-loop';

/** The database Kameng runs on: the external one from DATABASE_URL, or its own embedded server. */
export interface Database {
  url: string;
  embedded: EmbeddedServer | undefined;
}

/** Connects to (or starts) the database and migrates it. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, log);
  const url = config.databaseUrl ?? embedded!.url;
  try {
    await migrateDatabase(url, log);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  return { url, embedded };
}

/** A started Kameng: its HTTP app and how to stop everything in order. */
export interface Kameng {
  app: FastifyInstance;
  db: Db;
  url: string;
  setupUrl: string | undefined;
  stop(): Promise<void>;
}

/** Starts the whole product: database, migrations, worker, HTTP server. */
export async function startKameng(config: Config, log: Logger): Promise<Kameng> {
  const box = new SecretBox(loadMasterKey(config.masterKey, config.dataDir));
  const database = await openDatabase(config, log);
  const db = openDb(database.url, config.poolMax);
  let worker: Runner | undefined;
  let webhooks: WebhookLoop | undefined;
  let app: FastifyInstance | undefined;
  const stop = async () => {
    await app?.close(); // stops accepting, lets in-flight requests finish
    await webhooks?.stop();
    await worker?.stop();
    await db.$client.end();
    await database.embedded?.stop();
  };
  try {
    await checkMasterKey(db, box);
    if (config.runWorker) {
      worker = await startWorker({ db, box, log, concurrency: config.workerConcurrency });
      webhooks = startWebhookLoop({ db, box, log, ...config.webhooks });
    }
    app = await buildApp({ config, db, box, log });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    const setupUrl = (await needsSetup(db)) ? `${url}/setup?token=${await issueSetupToken(db)}` : undefined;
    return { app, db, url, setupUrl, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
