import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../src/db/client';
import { prepared } from '../src/db/prepared';
import { systemCtx, withTx } from '../src/lib/ctx';
import { SecretBox } from '../src/lib/crypto';
import { createLogger } from '../src/lib/logger';
import { settings } from '../src/modules/settings/schema';
import { createTestDatabase } from './env';

let url: string;
let db: Db;
let builds = 0;
const settingByKey = prepared('test_setting_by_key', (d) => {
  builds++;
  return d
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, sql.placeholder('key')));
});

/** The named statements PostgreSQL holds on the connection that runs this. */
const namedOnConnection = async (d: Db | Parameters<Parameters<Db['transaction']>[0]>[0]) =>
  (await d.execute<{ name: string }>(sql`SELECT name FROM pg_prepared_statements`)).rows.map((r) => r.name);

beforeAll(async () => {
  url = await createTestDatabase();
  db = openDb(url, 1); // one connection: what the pool path prepared is visible to the next query
  await db.insert(settings).values([
    { key: 'test:a', value: { n: 1 } },
    { key: 'test:b', value: { n: 2 } },
  ]);
});

afterAll(async () => {
  await db.$client.end();
});

describe('prepared', () => {
  it('on the pool: builds the query once, answers per placeholder, as a named statement', async () => {
    expect(await settingByKey(db, { key: 'test:a' })).toEqual([{ value: { n: 1 } }]);
    expect(await settingByKey(db, { key: 'test:b' })).toEqual([{ value: { n: 2 } }]);
    expect(await settingByKey(db, { key: 'test:none' })).toEqual([]);
    expect(builds).toBe(1);
    expect(await namedOnConnection(db)).toContain('test_setting_by_key');
  });

  it('in transactions: runs in them, and is built once per connection', async () => {
    const ctx = systemCtx({
      db,
      box: new SecretBox(randomBytes(32)),
      log: createLogger('silent'),
      name: 'test',
    });
    const before = builds;
    await expect(
      withTx(ctx, async (tx) => {
        await tx.db.insert(settings).values({ key: 'test:c', value: { n: 3 } });
        expect(await settingByKey(tx.db, { key: 'test:c' })).toEqual([{ value: { n: 3 } }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await withTx(ctx, (tx) => settingByKey(tx.db, { key: 'test:c' }))).toEqual([]);
    expect(await withTx(ctx, (tx) => settingByKey(tx.db, { key: 'test:a' }))).toEqual([{ value: { n: 1 } }]);
    expect(builds).toBe(before + 1); // three transactions on the one connection: built for it once
  });

  it('on another database: prepares its own query there', async () => {
    const other = openDb(url, 1);
    try {
      const before = builds;
      expect(await settingByKey(other, { key: 'test:b' })).toEqual([{ value: { n: 2 } }]);
      await settingByKey(other, { key: 'test:a' });
      expect(builds).toBe(before + 1);
    } finally {
      await other.$client.end();
    }
  });
});
