import { Logger as WorkerLogger, parseCrontab, run, type Runner, type TaskList } from 'graphile-worker';
import type { Logger } from 'pino';
import type { Db } from '../db/client';
import { systemCtx } from '../lib/ctx';
import type { SecretBox } from '../lib/crypto';
import type { JobDef } from './define-job';
import { watchWorkerLiveness, type LivenessTiming } from './liveness';
import { crontab, jobs as registered } from './registry';

/**
 * Starts the job worker on the app's pool: LISTEN/NOTIFY pick-up, retries with backoff, cron, and the
 * liveness watch that frees the jobs of crashed workers.
 */
export async function startWorker(opts: {
  db: Db;
  box: SecretBox;
  log: Logger;
  concurrency?: number;
  extraJobs?: JobDef[];
  now?: () => Date;
  liveness?: LivenessTiming;
}): Promise<Runner> {
  const log = opts.log.child({ component: 'worker' });
  const taskList: TaskList = {};
  for (const job of [...registered, ...(opts.extraJobs ?? [])]) {
    taskList[job.name] = async (raw, helpers) => {
      const payload = job.payload.parse(raw);
      const ctx = systemCtx({
        db: opts.db,
        box: opts.box,
        log: log.child({ job: job.name, jobId: helpers.job.id }),
        name: `job:${job.name}`,
      });
      await job.handler(opts.now ? { ...ctx, now: opts.now } : ctx, payload);
    };
  }
  const liveness = watchWorkerLiveness(opts.db, log, opts.liveness);
  const runner = await run({
    events: liveness.events,
    pgPool: opts.db.$client,
    taskList,
    concurrency: opts.concurrency ?? 8,
    noHandleSignals: true,
    pollInterval: 2000,
    parsedCronItems: parseCrontab(crontab),
    logger: new WorkerLogger(() => (level, message, meta) => {
      // 57P01: the server is shutting down (our own stop, or a database restart): the pool reconnects.
      const shutdown = (meta?.error as { code?: string } | undefined)?.code === '57P01';
      const lvl =
        level === 'error' && !shutdown ? 'error' : level === 'warning' || shutdown ? 'warn' : 'debug';
      log[lvl](meta ?? {}, message);
    }),
  });
  liveness.start();
  void runner.promise.finally(liveness.stop).catch(() => undefined);
  return runner;
}
