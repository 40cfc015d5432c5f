import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { WorkerEvents } from 'graphile-worker';
import type { Logger } from 'pino';
import type { Db } from '../db/client';

/** How often this process says its workers are alive, and after how long without a word a worker is dead. */
export interface LivenessTiming {
  heartbeatMs: number;
  staleMs: number;
}

export const defaultLiveness: LivenessTiming = { heartbeatMs: 30_000, staleMs: 120_000 };

/**
 * Keeps the locks of dead workers from stalling their jobs. graphile-worker only retries a job whose
 * worker died (SIGKILL, power loss) once its lock is 4 hours old, so a delivery e-mail or a gateway
 * notify running at a crash would wait that long. Every process records its live worker ids
 * (`worker_heartbeats`); on start and on every heartbeat, jobs and queues locked longer than `staleMs`
 * by a worker that has not been heard of for `staleMs` are unlocked (force_unlock_workers) and run
 * again — jobs are idempotent. Returns the events to give graphile-worker and a stop function.
 */
export function watchWorkerLiveness(
  db: Db,
  log: Logger,
  timing: LivenessTiming = defaultLiveness,
): { events: WorkerEvents; start: () => void; stop: () => void } {
  const events: WorkerEvents = new EventEmitter();
  const ours = new Set<string>();
  events.on('worker:create', ({ worker }) => ours.add(worker.workerId));
  events.on('worker:stop', ({ worker }) => ours.delete(worker.workerId));
  const stale = sql`now() - ${timing.staleMs} * interval '1 millisecond'`;
  const beat = async () => {
    const mine = [...ours];
    if (mine.length) {
      await db.execute(sql`
        INSERT INTO worker_heartbeats (worker_id, seen_at) SELECT unnest(${sql.param(mine)}::text[]), now()
        ON CONFLICT (worker_id) DO UPDATE SET seen_at = excluded.seen_at`);
    }
    const dead = await db.execute<{ id: string }>(sql`
      SELECT DISTINCT l.locked_by AS id FROM (
        SELECT locked_by, locked_at FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL
        UNION ALL
        SELECT locked_by, locked_at FROM graphile_worker._private_job_queues WHERE locked_by IS NOT NULL) l
      WHERE l.locked_at < ${stale} AND NOT (l.locked_by = ANY(${sql.param(mine)}::text[]))
        AND NOT EXISTS (SELECT 1 FROM worker_heartbeats h WHERE h.worker_id = l.locked_by AND h.seen_at >= ${stale})`);
    const ids = dead.rows.map((r) => r.id);
    if (ids.length) {
      await db.execute(sql`SELECT graphile_worker.force_unlock_workers(${sql.param(ids)}::text[])`);
      log.warn({ workers: ids }, 'unlocked the jobs of workers that stopped without releasing them');
    }
    await db.execute(sql`DELETE FROM worker_heartbeats WHERE seen_at < now() - interval '1 day'`);
  };
  let timer: NodeJS.Timeout | undefined;
  const run = () =>
    void beat().catch((err: unknown) => log.warn({ err }, 'worker heartbeat failed; retrying'));
  return {
    events,
    start: () => {
      run();
      timer = setInterval(run, timing.heartbeatMs);
      timer.unref();
    },
    stop: () => clearInterval(timer),
  };
}
