import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Ctx } from '../lib/ctx';

/** One job: its name, payload schema, handler and retry policy. A job may run twice; its effect must not. */
export interface JobDef<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  /** Attempts before the job is left failed for an operator (graphile-worker backs off exponentially). */
  maxAttempts: number;
  handler: (ctx: Ctx, payload: z.infer<S>) => Promise<void>;
}

/** Declares a job (a typed identity, so payloads are checked where jobs are enqueued). */
export function defineJob<S extends z.ZodType>(def: JobDef<S>): JobDef<S> {
  return def;
}

/**
 * Enqueues a job in ctx's transaction: it exists only if the change that caused it commits
 * (the outbox pattern, with the queue itself in PostgreSQL). `key` de-duplicates pending jobs.
 */
export async function enqueue<S extends z.ZodType>(
  ctx: Ctx,
  job: JobDef<S>,
  payload: z.infer<S>,
  opts: { runAt?: Date; key?: string } = {},
): Promise<void> {
  const body = JSON.stringify(job.payload.parse(payload));
  await ctx.db.execute(sql`SELECT graphile_worker.add_job(
    ${job.name}, ${body}::json,
    run_at => ${opts.runAt ?? null}::timestamptz,
    max_attempts => ${job.maxAttempts},
    job_key => ${opts.key ?? null})`);
}
