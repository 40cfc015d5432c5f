import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The repository root, where `node bin/kameng.mjs` is run from. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** How a finished process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running `kameng …` child process with its captured output. */
export interface KamengProcess {
  child: ChildProcess;
  pid: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The JSON log lines printed so far (pino writes them to stdout). */
  logs(): Record<string, unknown>[];
  /** Undefined while running. */
  readonly exit: Exit | undefined;
  /** Resolves when the process has exited; rejects after `ms`. */
  waitForExit(ms: number): Promise<Exit>;
  /** Resolves once `re` matches stdout; rejects after `ms` or if the process exits first. */
  waitForStdout(re: RegExp, ms: number): Promise<RegExpMatchArray>;
}

const live = new Set<KamengProcess>();
const dataDirs = new Set<string>();

/** The environment of a child: this one's, minus everything that would steer Kameng or the test runner. */
export function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      /^(KAMENG_|VITEST|DATABASE_|TEST_DATABASE_URL$|PORT$|HOST$|PUBLIC_URL$|LOG_LEVEL$|NODE_OPTIONS$)/.test(
        k,
      )
    )
      continue;
    env[k] = v;
  }
  return { ...env, LOG_LEVEL: 'info', ...extra };
}

/** Spawns `node bin/kameng.mjs <args>` from the repository root. */
export function spawnKameng(args: string[], env: Record<string, string>): KamengProcess {
  const child = spawn(process.execPath, ['bin/kameng.mjs', ...args], {
    cwd: repoRoot,
    env: baseEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exit: Exit | undefined;
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => {
      exit = { code, signal };
      live.delete(proc);
      resolve(exit);
    });
  });
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
    for (const l of listeners) l();
  });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  const proc: KamengProcess = {
    child,
    pid: child.pid!,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    get exit() {
      return exit;
    },
    logs: () =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as Record<string, unknown>];
          } catch {
            return [];
          }
        }),
    waitForExit: (ms) =>
      withTimeout(exited, ms, () => `kameng ${args.join(' ')} did not exit within ${ms} ms`),
    waitForStdout: (re, ms) =>
      withTimeout(
        new Promise<RegExpMatchArray>((resolve, reject) => {
          const check = () => {
            const m = stdout.match(re);
            if (m) resolve(m);
            else if (exit)
              reject(new Error(`kameng exited (${JSON.stringify(exit)}) before printing ${re}\n${stderr}`));
          };
          listeners.add(check);
          void exited.then(check);
          check();
        }),
        ms,
        () => `kameng ${args.join(' ')} did not print ${re} within ${ms} ms\n${stdout}\n${stderr}`,
      ),
  };
  live.add(proc);
  return proc;
}

/** Runs a short `kameng …` command to completion (killed after `ms`). */
export async function runKameng(
  args: string[],
  env: Record<string, string>,
  ms = 30_000,
): Promise<Exit & { stdout: string; stderr: string }> {
  const proc = spawnKameng(args, env);
  try {
    const exit = await proc.waitForExit(ms);
    return { ...exit, stdout: proc.stdout, stderr: proc.stderr };
  } finally {
    await killProcess(proc);
  }
}

/** A fresh data folder the unprivileged postgres user can traverse (tests run as root). */
export function makeDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-proc-'));
  fs.chmodSync(dir, 0o755);
  dataDirs.add(dir);
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls GET /readyz until 200; fails early if the process exits. Bounded in attempts and time. */
export async function waitReady(proc: KamengProcess, port: number, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (let attempt = 0; attempt < 1000 && Date.now() < deadline; attempt++) {
    if (proc.exit) {
      throw new Error(
        `kameng exited (${JSON.stringify(proc.exit)}) before ready\n${proc.stdout}\n${proc.stderr}`,
      );
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`kameng was not ready within ${ms} ms\n${proc.stdout}\n${proc.stderr}`);
}

/** The postmaster pid recorded in `<dataDir>/pg/postmaster.pid`, if the file exists. */
export function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** True while `pid` is a running (not zombie) process. */
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // state is the field after the parenthesised command name
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    try {
      process.kill(pid, 0);
      return !fs.existsSync('/proc/self'); // no /proc (macOS): trust kill(0)
    } catch {
      return false;
    }
  }
}

/** Waits (bounded) until `pid` is gone. */
export async function waitDead(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (let i = 0; i < 1000 && Date.now() < deadline; i++) {
    if (!isAlive(pid)) return true;
    await sleep(25);
  }
  return !isAlive(pid);
}

/** Kills a child if it is still running and waits (bounded) for it to go. */
export async function killProcess(proc: KamengProcess): Promise<void> {
  if (proc.exit) return;
  proc.child.kill('SIGKILL');
  await proc.waitForExit(5000).catch(() => undefined);
}

/** Stops a postgres left running on `dataDir` (fast shutdown, then kill) and removes the folder. */
export async function removeDataDir(dir: string): Promise<void> {
  const pid = postmasterPid(dir);
  if (pid !== undefined && isAlive(pid) && isPostgresOf(pid, dir)) {
    process.kill(pid, 'SIGINT');
    if (!(await waitDead(pid, 5000))) process.kill(pid, 'SIGKILL');
    await waitDead(pid, 2000);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  dataDirs.delete(dir);
}

function isPostgresOf(pid: number, dir: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
  } catch {
    return true;
  }
}

/** Kills every child still running and removes every data folder (for afterAll, even after failures). */
export async function cleanupAll(): Promise<void> {
  await Promise.all([...live].map(killProcess));
  await Promise.all([...dataDirs].map(removeDataDir));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Per-test bookkeeping: every child and data folder made through it is cleaned up when the test ends. */
export function sandbox(onFinished: (fn: () => Promise<void>) => void) {
  const procs: KamengProcess[] = [];
  const dirs: string[] = [];
  onFinished(async () => {
    await Promise.all(procs.map(killProcess));
    await Promise.all(dirs.map(removeDataDir));
  });
  return {
    dataDir(): string {
      const dir = makeDataDir();
      dirs.push(dir);
      return dir;
    },
    spawn(args: string[], env: Record<string, string>): KamengProcess {
      const proc = spawnKameng(args, env);
      procs.push(proc);
      return proc;
    },
  };
}
