import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';
import { loadMasterKey } from './lib/master-key';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.heapGrowthPercent).toBe(100);
    expect(c.workerConcurrency).toBe(8);
  });

  it('runs 1 to 100 jobs at once, and nothing else', () => {
    expect(loadConfig({ WORKER_CONCURRENCY: '32' }).workerConcurrency).toBe(32);
    for (const bad of ['0', '101', '2.5', 'many'])
      expect(() => loadConfig({ WORKER_CONCURRENCY: bad }), bad).toThrow(/WORKER_CONCURRENCY/);
  });

  it('takes a heap growth of 0 (V8’s own policy) to 1000 %, and nothing else', () => {
    expect(loadConfig({ KAMENG_HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ KAMENG_HEAP_GROWTH_PERCENT: '250' }).heapGrowthPercent).toBe(250);
    for (const bad of ['-1', '1001', '1.5', 'lots'])
      expect(() => loadConfig({ KAMENG_HEAP_GROWTH_PERCENT: bad }), bad).toThrow(
        /KAMENG_HEAP_GROWTH_PERCENT/,
      );
  });

  it('names every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*LOG_LEVEL/,
    );
  });
});

describe('loadMasterKey', () => {
  const made: string[] = [];
  const dir = () => {
    made.push(fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-key-')));
    return made.at(-1)!;
  };
  afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('generates a key once, stores it with mode 0600 and reads the same key back', () => {
    const d = dir();
    const first = loadMasterKey(undefined, d);
    expect(fs.statSync(path.join(d, 'master.key')).mode & 0o777).toBe(0o600);
    expect(loadMasterKey(undefined, d).equals(first)).toBe(true);
  });

  it('accepts hex and base64 keys from the environment and refuses malformed ones', () => {
    const hex = 'ab'.repeat(32);
    expect(loadMasterKey(hex, dir()).toString('hex')).toBe(hex);
    expect(loadMasterKey(Buffer.from(hex, 'hex').toString('base64'), dir()).toString('hex')).toBe(hex);
    for (const bad of ['short', 'ab'.repeat(31), 'zz'.repeat(32), '']) {
      expect(() => loadMasterKey(bad, dir())).toThrow(ConfigError);
    }
  });

  it('refuses a malformed key file instead of replacing it', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'master.key'), 'garbage');
    expect(() => loadMasterKey(undefined, d)).toThrow(ConfigError);
    expect(fs.readFileSync(path.join(d, 'master.key'), 'utf8')).toBe('garbage');
  });
});
