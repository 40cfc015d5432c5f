import type { Runner } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  worker = await startWorker({ db: env.db, box: env.box, log: env.log, extraJobs: [probe], concurrency: 4 });
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
});
