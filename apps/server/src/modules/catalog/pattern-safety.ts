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
/** Per pattern source: the compiled pattern when judged safe, null when judged unsafe or not compilable. */
const verdicts = new Map<string, RegExp | null>();
const pending = new Map<string, Promise<void>>();
const recheckPath = createRequire(import.meta.url).resolve('recheck');
const WORKER_TIMEOUT_MS = 15_000;

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
process.env.RECHECK_SYNC_BACKEND = 'pure'; // in this thread: no further worker, no agent process
const { checkSync } = require(workerData.recheckPath);
parentPort.postMessage(workerData.patterns.map(({ source, flags }) => {
  const d = checkSync(source, flags, { timeout: 1000 });
  return d.status === 'safe' ||
    (d.status === 'vulnerable' && d.complexity.type === 'polynomial' && d.complexity.degree <= 2);
}));`;

/** A merchant's pattern as the checkout runs it: anchored to the whole answer, with the u flag. */
export function compileBuyerPattern(source: string): RegExp {
  return new RegExp(`^(?:${source})$`, 'u');
}

function judge(patterns: RegExp[]): Promise<boolean[]> {
  return new Promise((resolve, reject) => {
    // execArgv: none of the parent's flags (e.g. --input-type=module would make this script ESM).
    const worker = new Worker(workerSource, {
      eval: true,
      execArgv: [],
      workerData: { recheckPath, patterns: patterns.map(({ source, flags }) => ({ source, flags })) },
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
  const fresh = new Map<string, RegExp>();
  for (const s of sources) {
    if (verdicts.has(s) || pending.has(s) || fresh.has(s)) continue;
    try {
      fresh.set(s, compileBuyerPattern(s));
    } catch {
      verdicts.set(s, null); // not even compilable: never run
    }
  }
  if (fresh.size > 0) {
    const run = judge([...fresh.values()]).then((safe) => {
      if (verdicts.size + fresh.size > 1000) verdicts.clear();
      [...fresh].forEach(([s, re], i) => verdicts.set(s, safe[i] ? re : null));
    });
    const settled = run.finally(() => fresh.forEach((_, s) => pending.delete(s)));
    fresh.forEach((_, s) => pending.set(s, settled));
  }
  await Promise.all(sources.map((s) => pending.get(s)));
}

/** The compiled pattern, when checkPatterns has judged it safe; undefined otherwise (not to be run). */
export function safePattern(source: string): RegExp | undefined {
  return verdicts.get(source) ?? undefined;
}
