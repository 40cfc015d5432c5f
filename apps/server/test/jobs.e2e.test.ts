import type { Runner } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob, enqueue } from '../src/jobs/define-job';
import { startWorker } from '../src/jobs/worker';
import { withTx } from '../src/lib/ctx';
import { createTestEnv, type TestEnv } from './env';

let env: TestEnv;
let worker: Runner;
const seen: { n: number; at: number }[] = [];
let failuresLeft = 0;

const probe = defineJob({
  name: 'test:probe',
  payload: z.object({ n: z.number().int() }),
  maxAttempts: 5,
  handler: async (_ctx, { n }) => {
    if (failuresLeft > 0) {
      failuresLeft--;
      throw new Error('transient failure');
    }
    seen.push({ n, at: Date.now() });
  },
});

beforeAll(async () => {
  env = await createTestEnv();
  worker = await startWorker({
    db: env.db,
    box: env.box,
    log: env.log,
    extraJobs: [probe],
    concurrency: 4,
    liveness: { heartbeatMs: 200, staleMs: 60_000 },
  });
});
afterAll(async () => {
  await worker.stop();
  await env.close();
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('timed out');
}

describe('jobs in PostgreSQL', () => {
  it('a job enqueued in a committed transaction runs within milliseconds (LISTEN/NOTIFY)', async () => {
    const start = Date.now();
    await withTx(env.ctx(), (tx) => enqueue(tx, probe, { n: 1 }));
    await waitFor(() => seen.some((s) => s.n === 1));
    const latency = seen.find((s) => s.n === 1)!.at - start;
    console.log(`job pick-up latency: ${latency} ms`);
    expect(latency).toBeLessThan(1000); // a polling loop would take its poll interval (2 s)
  });

  it('a job enqueued in a rolled-back transaction never runs', async () => {
    await withTx(env.ctx(), async (tx) => {
      await enqueue(tx, probe, { n: 2 });
      throw new Error('abort');
    }).catch(() => undefined);
    await withTx(env.ctx(), (tx) => enqueue(tx, probe, { n: 3 }));
    await waitFor(() => seen.some((s) => s.n === 3));
    expect(seen.some((s) => s.n === 2)).toBe(false);
  });

  it('a failing job is retried until it succeeds', async () => {
    failuresLeft = 1;
    await enqueue(env.ctx(), probe, { n: 4 });
    // graphile-worker backs off exp(attempts) seconds; the first retry comes after ~2 s.
    await waitFor(() => seen.some((s) => s.n === 4), 15_000);
    expect(failuresLeft).toBe(0);
  });

  it('refuses a payload that does not match the job schema at enqueue time', async () => {
    await expect(enqueue(env.ctx(), probe, { n: 1.5 })).rejects.toThrow();
  });

  it("runs again the jobs of a worker that died holding them, never a live worker's", async () => {
    // Two jobs, locked 3 minutes ago: one by a worker nobody has heard of since (killed), one by a
    // worker that still sends heartbeats (a long job in another process).
    const lockedJob = async (n: number, by: string) => {
      await withTx(env.ctx(), (tx) => enqueue(tx, probe, { n }, { runAt: new Date(Date.now() + 3600_000) }));
      await env.db.execute(sql`
        UPDATE graphile_worker._private_jobs SET locked_by = ${by}, locked_at = now() - interval '3 minutes',
          run_at = now() - interval '3 minutes'
        WHERE id = (SELECT max(id) FROM graphile_worker._private_jobs)`);
    };
    await env.db.execute(
      sql`INSERT INTO worker_heartbeats (worker_id, seen_at) VALUES ('live-elsewhere', now() + interval '1 hour')`,
    );
    await lockedJob(20, 'killed-worker');
    await lockedJob(21, 'live-elsewhere');
    await waitFor(() => seen.some((s) => s.n === 20), 10_000); // a heartbeat unlocks it, the next poll runs it
    await new Promise((r) => setTimeout(r, 2500)); // a poll interval and many heartbeats later…
    expect(seen.some((s) => s.n === 21)).toBe(false);
    const [still] = (
      await env.db.execute<{ locked_by: string }>(
        sql`SELECT locked_by FROM graphile_worker._private_jobs WHERE locked_by = 'live-elsewhere'`,
      )
    ).rows;
    expect(still?.locked_by).toBe('live-elsewhere');
  });
});
