import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { openDb, type Db } from '../apps/server/src/db/client';
import { startEmbeddedPostgres, type EmbeddedServer } from '../apps/server/src/db/embedded';
import { migrateDatabase } from '../apps/server/src/db/migrate';
import { systemCtx, type Ctx } from '../apps/server/src/lib/ctx';
import { SecretBox } from '../apps/server/src/lib/crypto';

/** Shared by the benches that drive a real `kameng start` process over HTTP. */
const root = fileURLToPath(new URL('../', import.meta.url));

/** The p-th percentile (nearest rank) of `xs`; NaN when empty. */
export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** Starts `kameng start` on the bench database; resolves with its URL once it listens. */
export async function startServer(env: Record<string, string>) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(KAMENG_|DATABASE_|SMTP_|MAIL_|PORT$|HOST$|PUBLIC_URL$)/.test(k),
    ),
  );
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, 'bin/kameng.mjs', 'start'], {
    cwd: root,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.on('data', (b: Buffer) => {
    if (process.env.BENCH_SERVER_LOG) process.stderr.write(b);
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}`)));
  });
  const peakRssMb = () => {
    const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  };
  /** CPU time the server process has used so far (user + system), in ms. */
  const cpuMs = () => {
    const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100)
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, peakRssMb, cpuMs, stop };
}

/** A migrated database for a bench run, with a system ctx and the master key the server is started with. */
export interface BenchDatabase {
  url: string;
  db: Db;
  ctx: Ctx;
  masterKey: Buffer;
  /** A temporary folder, removed afterwards (the server's data folder goes in it). */
  tmp: string;
  /** What the first printed line calls the database. */
  label: string;
}

/**
 * Runs `fn` on DATABASE_URL when set (an empty database: the run encrypts with a fresh master key), else
 * on an embedded PostgreSQL in a temporary folder; migrates it first and stops and removes it afterwards.
 */
export async function withBenchDatabase(log: Logger, fn: (b: BenchDatabase) => Promise<void>): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-bench-'));
  fs.chmodSync(tmp, 0o755); // postgres runs as another user when we are root
  let embedded: EmbeddedServer | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    embedded = await startEmbeddedPostgres(path.join(tmp, 'pg'), log);
    url = embedded.url;
  }
  const masterKey = randomBytes(32);
  const db = openDb(url, 4);
  try {
    await migrateDatabase(url, log);
    const ctx = systemCtx({ db, box: new SecretBox(masterKey), log, name: 'bench' });
    await fn({ url, db, ctx, masterKey, tmp, label: embedded ? 'embedded PostgreSQL' : 'DATABASE_URL' });
  } finally {
    await db.$client.end();
    await embedded?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
