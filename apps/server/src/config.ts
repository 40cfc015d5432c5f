import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(200).default(20),
  KAMENG_DATA_DIR: z.string().min(1).default('./data'),
  KAMENG_MASTER_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  COOKIE_SECURE: bool.optional(),
  RUN_WORKER: bool.default(true),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  WEB_DIST_DIR: z.string().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().trim().min(3).max(200).optional(),
  KAMENG_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  KAMENG_WEBHOOK_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(60_000),
  KAMENG_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(1000).default(100),
});

/** The validated configuration every part of the server reads. */
export interface Config {
  port: number;
  host: string;
  publicUrl: string | undefined;
  databaseUrl: string | undefined;
  poolMax: number;
  dataDir: string;
  masterKey: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  trustProxy: boolean;
  bodyLimit: number;
  sessionTtlHours: number;
  cookieSecure: boolean;
  runWorker: boolean;
  /** How many jobs the worker runs at once (payment notifies, active queries, e-mail …). */
  workerConcurrency: number;
  webDistDir: string;
  /** SMTP server for outgoing e-mail (smtp://user:pass@host:587); unset: e-mail stays in the admin outbox. */
  smtpUrl: string | undefined;
  /** The From header of outgoing e-mail. */
  mailFrom: string;
  /** Webhook deliveries: the request timeout, and how long a claimed delivery is another process's to send. */
  webhooks: { timeoutMs: number; leaseMs: number };
  /** How far the JS heap may grow past what its last full collection kept, in percent (0: V8's own policy). */
  heapGrowthPercent: number;
}

/** Reads the environment into a Config; throws a readable message naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration / 配置错误:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.KAMENG_WEBHOOK_LEASE_MS <= e.KAMENG_WEBHOOK_TIMEOUT_MS) {
    // A lease shorter than a request would let a second process send a delivery still in flight.
    throw new ConfigError(
      'Invalid configuration / 配置错误:\n  KAMENG_WEBHOOK_LEASE_MS: must be longer than KAMENG_WEBHOOK_TIMEOUT_MS',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    poolMax: e.DATABASE_POOL_MAX,
    dataDir: path.resolve(e.KAMENG_DATA_DIR),
    masterKey: e.KAMENG_MASTER_KEY,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    bodyLimit: e.BODY_LIMIT_BYTES,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    cookieSecure: e.COOKIE_SECURE ?? e.PUBLIC_URL?.startsWith('https://') ?? false,
    runWorker: e.RUN_WORKER,
    workerConcurrency: e.WORKER_CONCURRENCY,
    // apps/web/dist, from apps/server/src/config.ts and from the bundle apps/server/dist/kameng.mjs alike.
    webDistDir: path.resolve(e.WEB_DIST_DIR ?? new URL('../../web/dist', import.meta.url).pathname),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? 'Kameng <noreply@localhost>',
    webhooks: { timeoutMs: e.KAMENG_WEBHOOK_TIMEOUT_MS, leaseMs: e.KAMENG_WEBHOOK_LEASE_MS },
    heapGrowthPercent: e.KAMENG_HEAP_GROWTH_PERCENT,
  };
}

/** A configuration problem the operator must fix; printed without a stack trace. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
