import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { Agent, request } from 'undici';
import { openDb, type Db } from '../apps/server/src/db/client';
import { startEmbeddedPostgres, type EmbeddedServer } from '../apps/server/src/db/embedded';
import { migrateDatabase } from '../apps/server/src/db/migrate';
import { systemCtx, type Ctx } from '../apps/server/src/lib/ctx';
import { SecretBox } from '../apps/server/src/lib/crypto';

/** Shared by the benches that drive a real `kameng start` process over HTTP. */
const root = fileURLToPath(new URL('../', import.meta.url));

/**
 * The benches' HTTP client, standing in for buyers' browsers: undici's `request` on one keep-alive pool.
 * It costs the machine a fraction of what `fetch` does per request (measured on loopback: ~80–170 µs
 * against ~400–530 µs), and the load generator shares the cores with the server it measures. Answers
 * the status and the body; redirects are not followed.
 */
const buyers = new Agent({ keepAliveTimeout: 30_000 });
export async function send(
  url: string,
  init: { method?: 'GET' | 'POST'; json?: unknown } = {},
): Promise<{ status: number; body: string }> {
  const res = await request(url, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    dispatcher: buyers,
    ...(init.json === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.json) }),
  });
  return { status: res.statusCode, body: await res.body.text() };
}

/** The p-th percentile (nearest rank) of `xs`; NaN when empty. */
export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/**
 * Paced load (an open loop, after a bench's closed loop): a steady BENCH_PACED_RATE arrivals per second
 * (default half `closedRate`, the closed loop's throughput) for BENCH_PACED_SECONDS (15), each run by
 * one of `clients` clients as soon as one is free. `one` gets the client's index and the time the
 * arrival was due (performance.now()), and times itself from then: waiting for a free client counts, as
 * it would for a buyer. Returns the line that reports the run, given its create latencies.
 */
export async function pacedLoad(
  closedRate: number,
  clients: number,
  one: (client: number, due: number) => Promise<void>,
): Promise<(create: number[], more?: string) => string> {
  const rate = Number(process.env.BENCH_PACED_RATE ?? 0) || Math.max(1, Math.round(closedRate / 2));
  const seconds = Number(process.env.BENCH_PACED_SECONDS ?? 15);
  const idle = Array.from({ length: clients }, (_, i) => i);
  const waiting: ((client: number) => void)[] = [];
  const take = () =>
    idle.length ? Promise.resolve(idle.pop()!) : new Promise<number>((resolve) => waiting.push(resolve));
  const give = (client: number) => {
    const next = waiting.shift();
    if (next) next(client);
    else idle.push(client);
  };
  let failed = 0;
  const runs: Promise<void>[] = [];
  const t0 = performance.now();
  for (let i = 0; i < Math.floor(rate * seconds); i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    runs.push(
      (async () => {
        const client = await take();
        try {
          await one(client, due);
        } catch (err) {
          if (++failed <= 3) console.error(String(err));
        } finally {
          give(client);
        }
      })(),
    );
  }
  await Promise.all(runs);
  return (create, more = '') => {
    const p99 = pct(create, 99);
    return (
      `paced: ${rate} orders/s offered for ${seconds} s over ${clients} clients: create p50 ` +
      `${pct(create, 50).toFixed(1)} ms   p99 ${p99.toFixed(1)} ms (< 50 ms: ${p99 < 50 ? 'yes' : 'no'})` +
      more +
      (failed ? `; ${failed} FAILED` : '')
    );
  };
}

/** CPU time (user + system) of a process from /proc, in ms; 0 once it is gone. */
function processCpuMs(pid: number | string): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in USER_HZ (100)
  } catch {
    return 0;
  }
}

/** CPU time of every PostgreSQL process on the machine (the bench's server is the only busy one), in ms. */
function postgresCpuMs(): number {
  let ms = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') ms += processCpuMs(pid);
    } catch {
      // gone meanwhile
    }
  }
  return ms;
}

/** Busy CPU time of the whole machine (all cores), in ms. */
function machineBusyMs(): number {
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number); // idle and iowait skipped
  return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / 100;
}

/**
 * Where the CPU went during a measured run: the server (when there is one), PostgreSQL, this bench
 * process (the clients) and the machine as a whole. `report(orders, seconds)` prints it per order, so a reader can see which one
 * bounds the throughput.
 */
export function cpuMeter(serverPid?: number) {
  const take = () => {
    const own = process.cpuUsage();
    return {
      server: serverPid === undefined ? 0 : processCpuMs(serverPid),
      postgres: postgresCpuMs(),
      clients: (own.user + own.system) / 1000,
      machine: machineBusyMs(),
    };
  };
  const start = take();
  return {
    report(orders: number, seconds: number): string {
      const end = take();
      const per = (k: keyof typeof start) => ((end[k] - start[k]) / orders).toFixed(1);
      const cores = os.availableParallelism();
      const busy = (end.machine - start.machine) / (seconds * 1000 * cores);
      const serverCore = (end.server - start.server) / (seconds * 1000);
      const server =
        serverPid === undefined
          ? ''
          : `server ${per('server')} ms (${(serverCore * 100).toFixed(0)}% of one core), `;
      return (
        `CPU per order: ${server}PostgreSQL ${per('postgres')} ms, bench clients ${per('clients')} ms; ` +
        `machine busy ${(busy * 100).toFixed(0)}% of ${cores} cores`
      );
    },
  };
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
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, pid: child.pid!, peakRssMb, stop };
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
  /** PostgreSQL's own figures per statement, with BENCH_PG_STATS=1 (else these do nothing). */
  stats: StatementStats;
}

/** pg_stat_statements over a stretch of a run: `reset` starts it, `print` shows it per order placed. */
export interface StatementStats {
  reset(): Promise<void>;
  print(label: string, orders: number): Promise<void>;
}

/** The server settings that load pg_stat_statements (embedded PostgreSQL only: it needs a restart). */
const STATS_SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track_planning': 'on',
};

/**
 * The statements that cost PostgreSQL the most time, per order: calls, execution and planning time (µs;
 * execution includes lock waits) and how often each was planned (1 per call: not prepared). This is how
 * the per-call planning of unprepared statements was found (docs/architecture.md, prepared statements).
 */
async function statementStats(db: Db, on: boolean): Promise<StatementStats> {
  if (!on) return { reset: async () => undefined, print: async () => undefined };
  await db.$client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  return {
    reset: async () => {
      await db.$client.query('SELECT pg_stat_statements_reset()');
    },
    print: async (label, orders) => {
      const { rows } = await db.$client.query<{
        calls: string;
        exec: number;
        plan: number;
        plans: string;
        query: string;
      }>(
        `SELECT calls, total_exec_time AS exec, total_plan_time AS plan, plans, query FROM pg_stat_statements
         WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time + total_plan_time DESC`,
      );
      const per = (x: number | string) => (Number(x) / orders).toFixed(2);
      const us = (ms: number) => ((ms * 1000) / orders).toFixed(0).padStart(6);
      const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + f(r), 0);
      console.log(
        `${label}: PostgreSQL per order: ${per(sum((r) => Number(r.calls)))} statements, ` +
          `exec ${us(sum((r) => r.exec)).trim()} µs, plan ${us(sum((r) => r.plan)).trim()} µs; the costliest:`,
      );
      for (const r of rows.slice(0, 25)) {
        const text = r.query.replace(/\s+/g, ' ').slice(0, 110);
        console.log(
          `  ${per(r.calls)} × exec ${us(r.exec)} µs plan ${us(r.plan)} µs plans ${per(r.plans)}  ${text}`,
        );
      }
    },
  };
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
  const withStats = process.env.BENCH_PG_STATS === '1';
  if (!url) {
    embedded = await startEmbeddedPostgres(path.join(tmp, 'pg'), log, withStats ? STATS_SETTINGS : {});
    url = embedded.url;
  } else if (withStats) {
    console.log('BENCH_PG_STATS: the server at DATABASE_URL must load pg_stat_statements itself');
  }
  const masterKey = randomBytes(32);
  const db = openDb(url, 4);
  try {
    await migrateDatabase(url, log);
    const ctx = systemCtx({ db, box: new SecretBox(masterKey), log, name: 'bench' });
    const stats = await statementStats(db, withStats);
    await fn({
      url,
      db,
      ctx,
      masterKey,
      tmp,
      label: embedded ? 'embedded PostgreSQL' : 'DATABASE_URL',
      stats,
    });
  } finally {
    await db.$client.end();
    await embedded?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
