import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiProduct } from '@kameng/shared';
import { KamengClient } from '@kameng/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putSetting } from '../src/modules/settings/settings';
import { dispatchDue } from '../src/modules/webhooks/dispatch-due';
import { relayEvents } from '../src/modules/webhooks/relay-events';
import { dockingAccount, listen, type DockingAccount } from './docking-fixtures';
import { createTestEnv, type TestEnv } from './env';
import { activeShop, adminAgent, saleSku } from './orders-fixtures';

// Runs examples/downstream-shop.ts as an integrator would (`tsx`, a separate process, env variables)
// against the app on a loopback port, while this process plays the webhook worker.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');

let env: TestEnv;
let base: string;
let account: DockingAccount;
let sku: Awaited<ReturnType<typeof saleSku>>;
let dir: string;

beforeAll(async () => {
  env = await createTestEnv();
  const admin = await adminAgent(env);
  const shop = await activeShop(env, admin);
  sku = await saleSku(shop, { keys: 5 });
  account = await dockingAccount(env, admin, { balance: 100_000 });
  // The example's callback receiver is on 127.0.0.1: the platform admin allows private targets here.
  await putSetting(env.db, 'webhooks', { allowPrivateTargets: true });
  base = await listen(env);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kameng-example-'));
}, 90_000);
afterAll(async () => {
  await env?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the example once (bounded to 60 s), delivering webhooks meanwhile; returns its exit code and output. */
async function runExample(extra: Record<string, string>) {
  const child = spawn(tsx, ['examples/downstream-shop.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      KAMENG_BASE_URL: base,
      KAMENG_APP_KEY: account.live.appKey,
      KAMENG_APP_SECRET: account.live.appSecret,
      SHOP_CATALOG_FILE: path.join(dir, 'catalog.json'),
      SHOP_WAIT_SECONDS: '20',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let code: number | null | undefined;
  void exited.then((c) => (code = c));
  const ctx = env.ctx();
  while (code === undefined) {
    await relayEvents(ctx);
    await dispatchDue(ctx, { timeoutMs: 5_000 });
    await new Promise((r) => setTimeout(r, 100));
  }
  clearTimeout(killer);
  return { code, out };
}

function catalogFile() {
  return JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8')) as {
    updatedSince: string | null;
    etag: string | null;
    products: Record<string, ApiProduct>;
  };
}

describe('examples/downstream-shop.ts', () => {
  it('syncs the catalog, places an order, verifies its callback and exits 0', async () => {
    const { code, out } = await runExample({ SHOP_SKU_ID: sku.skuId });
    expect(out).toContain('(live, protocol 1.0)');
    expect(out).toMatch(/Catalog synced: 1 product\(s\) new or changed/);
    expect(catalogFile().products[sku.productId]?.skus[0]?.id).toBe(sku.skuId);
    const orderNo = /Ordering 1 × .* as (SHOP-\d{8}-[0-9A-F]{10})/.exec(out)?.[1];
    expect(orderNo, out).toBeDefined();
    expect(out).toMatch(/Order [0-9a-f-]{36}: delivered, paid 10\.00 CNY, 1 key\(s\) delivered/);
    expect(sku.lines.some((line) => out.includes(`key: ${line}`))).toBe(true);
    // The callback arrived at the example's receiver and passed verifyWebhook with the AppSecret.
    expect(out).toContain(`Callback order.delivered`);
    expect(out).toContain(`order ${orderNo} is delivered`);
    expect(out).not.toContain('Refused a callback');
    expect(code, out).toBe(0);

    // Kameng has the order under the example's own number.
    const kameng = new KamengClient({
      baseUrl: base,
      appKey: account.live.appKey,
      appSecret: account.live.appSecret,
    });
    const order = await kameng.orders.getByOutOrderNo(orderNo!);
    expect(order).toMatchObject({ status: 'delivered', sku_id: sku.skuId, quantity: 1, amount: 1000 });
    expect(out).toContain(`Order ${order.id}: delivered`);
  }, 90_000);

  it('re-syncs cheaply: unchanged catalog answers 304 through the stored ETag', async () => {
    const second = await runExample({ SHOP_ORDER: '0' });
    expect(second.code, second.out).toBe(0);
    expect(catalogFile().etag).toBeTruthy();
    const third = await runExample({ SHOP_ORDER: '0' });
    expect(third.code, third.out).toBe(0);
    expect(third.out).toMatch(/Catalog unchanged since .* \(304, ETag/);
    expect(third.out).toMatch(/← GET \/api\/v1\/products 304/);
  }, 90_000);

  it('the curl + openssl commands of docs/docking.md sign requests the API accepts', async () => {
    const doc = fs.readFileSync(path.join(root, 'docs/docking.md'), 'utf8');
    const block = /```sh\nBASE=https:\/\/shop\.example\.com[^\n]*\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const script = block!
      .replace('<sku id>', sku.skuId)
      .replace('Signature=$SIG"\n', 'Signature=$SIG"\necho\n')
      .concat('\necho\n');
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'bash',
        ['-c', script],
        {
          env: {
            PATH: process.env.PATH,
            BASE: base,
            KEY: account.live.appKey,
            SECRET: account.live.appSecret,
          },
          timeout: 20_000,
        },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
    const [ping, order] = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ping).toMatchObject({ mode: 'live', protocol_version: '1.0' });
    expect(order).toMatchObject({ out_order_no: 'SHOP-0001', status: 'delivered', sku_id: sku.skuId });
  }, 30_000);
});
