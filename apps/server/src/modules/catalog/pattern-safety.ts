import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Merchants' buyer-input patterns run on the shared server for every shop's buyers, and a backtracking
 * engine can take exponential time on patterns such as `(a+)+$` or `(a|b|ab)*c` — one buyer's answer
 * would then stall every shop. recheck (automata theory and fuzzing) tells which patterns are safe, as
 * the checkout runs them (anchored, `u` flag). A quadratic pattern counts as safe: answers are capped
 * at 2,000 characters by the order schema, a few million steps at worst. A pattern recheck cannot
 * decide within a second does not.
 *
 * recheck is a 3 MB program that keeps ~30–60 MB once loaded, so it runs in a short-lived worker thread
 * only for patterns this process has not judged yet; verdicts are kept per pattern (a product has a
 * handful).
 */
const verdicts = new Map<string, boolean>();
const pending = new Map<string, Promise<void>>();
const recheckPath = createRequire(import.meta.url).resolve('recheck');
const WORKER_TIMEOUT_MS = 15_000;

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
process.env.RECHECK_SYNC_BACKEND = 'pure'; // in this thread: no further worker, no agent process
const { checkSync } = require(workerData.recheckPath);
parentPort.postMessage(workerData.sources.map((source) => {
  const d = checkSync('^(?:' + source + ')$', 'u', { timeout: 1000 });
  return d.status === 'safe' ||
    (d.status === 'vulnerable' && d.complexity.type === 'polynomial' && d.complexity.degree <= 2);
}));`;

function judge(sources: string[]): Promise<boolean[]> {
  return new Promise((resolve, reject) => {
    // execArgv: none of the parent's flags (e.g. --input-type=module would make this script ESM).
    const worker = new Worker(workerSource, {
      eval: true,
      execArgv: [],
      workerData: { recheckPath, sources },
    });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error('pattern check timed out'));
    }, WORKER_TIMEOUT_MS);
    worker.once('message', (safe: boolean[]) => {
      clearTimeout(timer);
      resolve(safe);
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pattern check exited (${code})`));
    });
  });
}

/** Judges the patterns not judged yet (one worker for all of them); throws if the check itself fails. */
export async function checkPatterns(sources: readonly string[]): Promise<void> {
  const fresh = [...new Set(sources)].filter((s) => !verdicts.has(s) && !pending.has(s));
  if (fresh.length > 0) {
    const run = judge(fresh).then((safe) => {
      if (verdicts.size + fresh.length > 1000) verdicts.clear();
      fresh.forEach((s, i) => verdicts.set(s, safe[i]!));
    });
    const settled = run.finally(() => fresh.forEach((s) => pending.delete(s)));
    fresh.forEach((s) => pending.set(s, settled));
  }
  await Promise.all(sources.map((s) => pending.get(s)));
}

/** The verdict on a pattern judged by checkPatterns: true only when it is known to be safe. */
export function isPatternSafe(source: string): boolean {
  return verdicts.get(source) === true;
}
