import type { storeHome } from '@kameng/shared';
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Ctx } from '../../lib/ctx';
import { merchants } from '../merchants/schema';
import { cardColumns, storeVisible, toStoreCards } from './store-cards';
import { categories, products } from './schema';

const CARDS = 12;

/** The storefront home: visible top-level categories of active merchants, featured and latest products. */
export async function getStoreHome(ctx: Ctx): Promise<z.infer<typeof storeHome>> {
  const cats = await ctx.db
    .select({
      id: categories.id,
      name: categories.name,
      merchantName: merchants.name,
      parentId: categories.parentId,
    })
    .from(categories)
    .innerJoin(merchants, eq(merchants.id, categories.merchantId))
    .where(and(isNull(categories.parentId), eq(categories.visible, true), eq(merchants.status, 'active')))
    .orderBy(asc(categories.sort), asc(categories.name), asc(categories.id))
    .limit(100);
  const page = (featuredOnly: boolean) =>
    ctx.db
      .select(cardColumns)
      .from(products)
      .innerJoin(merchants, eq(merchants.id, products.merchantId))
      .where(and(storeVisible, featuredOnly ? eq(products.featured, true) : undefined))
      .orderBy(desc(products.updatedAt), desc(products.id))
      .limit(CARDS);
  const [featured, latest] = await Promise.all([page(true), page(false)]);
  return {
    categories: cats,
    featured: await toStoreCards(ctx.db, featured),
    latest: await toStoreCards(ctx.db, latest),
  };
}
