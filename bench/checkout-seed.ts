/** Seeding for bench/checkout.ts: an active merchant, a hot card-key SKU with keys, a sandbox channel. */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createChannelBody, createProductBody, keyImportOptions } from '@kameng/shared';
import { type Ctx } from '../apps/server/src/lib/ctx';
import { users } from '../apps/server/src/modules/accounts/schema';
import { createProduct } from '../apps/server/src/modules/catalog/create-product';
import { importKeys } from '../apps/server/src/modules/inventory/import-keys';
import { merchantMembers, merchants } from '../apps/server/src/modules/merchants/schema';
import { createChannel } from '../apps/server/src/modules/payments/admin-channels';
import { putFeeSchedule } from '../apps/server/src/modules/finance/fee-schedules';
import { putSetting } from '../apps/server/src/modules/settings/settings';

/** What the bench buys: the SKU and the channel to pay it with. */
export interface Shop {
  ownerCtx: Ctx;
  merchantId: string;
}

async function newUser(ctx: Ctx, isPlatformAdmin: boolean) {
  const [user] = await ctx.db
    .insert(users)
    .values({
      email: `bench-${randomUUID()}@example.com`,
      passwordHash: 'x',
      displayName: 'Bench',
      isPlatformAdmin,
    })
    .returning({ id: users.id, email: users.email });
  return user!;
}

/** An active merchant and a ctx acting as its owner. */
export async function activeMerchant(base: Ctx): Promise<Shop> {
  const user = await newUser(base, false);
  const [merchant] = await base.db
    .insert(merchants)
    .values({
      name: 'Bench shop',
      kind: 'individual',
      status: 'active',
      contactEmail: user.email,
      agreementVersion: 'bench',
      agreementAcceptedAt: new Date(),
    })
    .returning({ id: merchants.id });
  await base.db.insert(merchantMembers).values({ merchantId: merchant!.id, userId: user.id, role: 'owner' });
  const ownerCtx: Ctx = {
    ...base,
    actor: {
      kind: 'user',
      userId: user.id,
      email: user.email,
      isPlatformAdmin: false,
      membership: { merchantId: merchant!.id, role: 'owner', permissions: [] },
    },
  };
  return { ownerCtx, merchantId: merchant!.id };
}

/** A product on sale with one card-key SKU holding `keys` keys; returns the SKU id. */
export async function hotSku(shop: Shop, keys: number, title = 'Bench game card'): Promise<string> {
  const product = await createProduct(
    shop.ownerCtx,
    createProductBody.parse({
      title,
      status: 'on_sale',
      usageGuide: '登录游戏 → 充值 → 输入卡密',
      skus: [{ name: '10元', price: 1000, deliveryMode: 'card_keys' }],
    }),
  );
  const skuId = product.skus[0]!.id;
  const prefix = randomUUID().slice(0, 8).toUpperCase();
  const lines = Array.from({ length: keys }, (_, i) => `${prefix}-${randomUUID().toUpperCase()}-${i}`);
  await importKeys(
    shop.ownerCtx,
    skuId,
    Readable.from([lines.join('\n') + '\n']),
    keyImportOptions.parse({}),
    {
      source: 'paste',
    },
  );
  return skuId;
}

/** A sandbox payment channel, created the way the admin console does (as a platform admin); unique per run. */
export async function sandboxChannel(base: Ctx): Promise<string> {
  const admin = await newUser(base, true);
  const adminCtx: Ctx = {
    ...base,
    actor: { kind: 'user', userId: admin.id, email: admin.email, isPlatformAdmin: true, membership: null },
  };
  const run = randomUUID().slice(0, 8);
  const channel = await createChannel(
    adminCtx,
    createChannelBody.parse({
      id: `bench-sbx-${run}`,
      name: 'Bench sandbox',
      provider: 'sandbox',
      method: 'sandbox',
      credentials: { mchId: `MBENCH${run.toUpperCase()}`, key: `bench-key-${randomUUID()}` },
    }),
  );
  // A real channel has its fee schedule (0.6 %, borne by the merchant): the ledger posts the fee lines.
  await putFeeSchedule(adminCtx, channel.id, {
    name: 'Bench sandbox',
    rateBps: 60,
    fixedFen: 0,
    bearer: 'merchant',
  });
  return channel.id;
}

/** Lifts the anti-hoarding caps: every bench buyer comes from 127.0.0.1. */
export async function openCheckoutLimits(ctx: Ctx): Promise<void> {
  await putSetting(ctx.db, 'orders', {
    maxUnpaidPerIp: 1_000_000,
    maxUnpaidPerContact: 1_000_000,
    maxReservedUnitsPerIp: 1_000_000,
    maxReservedUnitsPerContact: 1_000_000,
  });
}
