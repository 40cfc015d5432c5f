import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEntry } from '../src/modules/ledger/post-entry';
import { createTestEnv, type TestEnv } from './env';
import { runKameng } from './spawn-kameng';

let env: TestEnv;
let dataDir: string;
beforeAll(async () => {
  env = await createTestEnv();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-ledger-cli-'));
});
afterAll(async () => {
  await env.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('kameng ledger check', () => {
  it('exits 0 on a consistent ledger and 1 naming the account whose totals were edited', async () => {
    await postEntry(env.ctx(), {
      idempotencyKey: 'cli:1',
      kind: 'reseller.topup',
      transfers: [
        {
          debit: { type: 'platform_equity' },
          credit: { type: 'reseller_balance', ownerId: 'r1' },
          amount: 300,
        },
      ],
    });
    const cliEnv = { DATABASE_URL: env.url, KAMENG_DATA_DIR: dataDir };
    const ok = await runKameng(['ledger', 'check'], cliEnv);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Ledger OK: 2 accounts, 1 entries, 1 transfers/);

    const res = await env.db.execute<{ id: string }>(
      sql`UPDATE ledger_accounts SET credits_posted = 200 WHERE code = 'reseller_balance:r1:CNY' RETURNING id`,
    );
    const bad = await runKameng(['ledger', 'check'], cliEnv);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`running_total_mismatch ${res.rows[0]!.id}`);
  }, 60_000);
});
