import { randomUUID } from 'node:crypto';
import type { CreateProductBody, SkuInput } from '@kameng/shared';
import { and, eq, ne, notInArray, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/errors';
import { AppError } from '../../lib/app-error';
import { savepoint, type Ctx } from '../../lib/ctx';
import { recordEvent } from '../events/record-event';
import { getKeyStock } from '../inventory/get-stock';
import { assertOwnUpload } from '../uploads/get-upload';
import { checkProductInput, type StoredSku } from './check-product-input';
import { assertOwnCategory } from './create-category';
import { deriveSlug } from './derive-slug';
import { checkPatterns, safePattern } from './pattern-safety';
import { renderMarkdown } from './render-markdown';
import { products, skus } from './schema';

/** The product being replaced (absent when creating). */
interface Existing {
  id: string;
  slug: string;
}

/**
 * Creates or fully replaces a product and its SKUs in ctx's transaction: checks every rule, renders the
 * description, settles the slug, writes the SKUs (new ones added, missing ones archived — never deleted,
 * keys and orders point at them) and records `product.created` / `product.updated`. Returns the product id.
 */
export async function writeProduct(
  tx: Ctx,
  merchantId: string,
  input: CreateProductBody,
  existing?: Existing,
): Promise<string> {
  const stored = existing ? await storedSkus(tx, existing.id) : new Map<string, StoredSku>();
  for (const s of input.skus) if (s.id && !stored.has(s.id)) throw new AppError('NOT_FOUND', { skuId: s.id });
  checkProductInput(input, stored);
  await checkPatterns(input.inputFields.flatMap((f) => (f.regex ? [f.regex] : [])));
  const unsafe = input.inputFields.find((f) => f.regex && !safePattern(f.regex));
  if (unsafe) throw new AppError('INPUT_FIELD_REGEX_UNSAFE', { name: unsafe.name });
  if (input.categoryId) await assertOwnCategory(tx, merchantId, input.categoryId);
  if (input.coverUploadId) await assertOwnUpload(tx, merchantId, input.coverUploadId);
  await assertKeysStay(tx, input.skus, stored);

  const now = tx.now();
  const fields = {
    title: input.title,
    categoryId: input.categoryId,
    descriptionMd: input.description,
    descriptionHtml: renderMarkdown(input.description),
    usageGuide: input.usageGuide,
    tags: [...new Set(input.tags)],
    status: input.status,
    featured: input.featured,
    minQty: input.minQty,
    maxQty: input.maxQty,
    perBuyerLimit: input.perBuyerLimit,
    inputFields: input.inputFields,
    coverUploadId: input.coverUploadId,
    updatedAt: now,
  };
  const id = existing?.id ?? randomUUID();
  await saveWithSlug(tx, merchantId, input, existing, async (slug) => {
    if (existing) {
      await tx.db
        .update(products)
        .set({ ...fields, slug })
        .where(and(eq(products.id, id), eq(products.merchantId, merchantId)));
    } else {
      await tx.db.insert(products).values({ ...fields, id, merchantId, slug, createdAt: now });
    }
  });

  const keep: string[] = [];
  for (const [position, s] of input.skus.entries()) {
    keep.push(await writeSku(tx, merchantId, id, s, position, now));
  }
  if (existing) {
    await tx.db
      .update(skus)
      .set({ archived: true, updatedAt: now })
      .where(and(eq(skus.productId, id), eq(skus.archived, false), notInArray(skus.id, keep)));
  }
  await recordEvent(tx, {
    type: existing ? 'product.updated' : 'product.created',
    merchantId,
    subjectType: 'product',
    subjectId: id,
    payload: { status: input.status, skuIds: keep },
  });
  return id;
}

async function storedSkus(tx: Ctx, productId: string): Promise<Map<string, StoredSku>> {
  const rows = await tx.db
    .select({
      id: skus.id,
      deliveryMode: skus.deliveryMode,
      hasSharedText: sql<boolean>`${skus.sharedText} IS NOT NULL`,
    })
    .from(skus)
    .where(eq(skus.productId, productId));
  return new Map(rows.map((r) => [r.id, { deliveryMode: r.deliveryMode, hasSharedText: r.hasSharedText }]));
}

/** A card-key SKU that holds keys keeps its delivery mode: the keys would otherwise be orphaned. */
async function assertKeysStay(tx: Ctx, input: SkuInput[], stored: Map<string, StoredSku>): Promise<void> {
  const changing = input.filter(
    (s) => s.id && stored.get(s.id)?.deliveryMode === 'card_keys' && s.deliveryMode !== 'card_keys',
  );
  if (!changing.length) return;
  const stock = await getKeyStock(
    tx.db,
    changing.map((s) => s.id!),
  );
  for (const [skuId, k] of stock) {
    if (k.available + k.reserved + k.sold + k.void > 0) {
      throw new AppError('SKU_CONFIG_INVALID', { skuId, reason: 'has_keys' });
    }
  }
}

/**
 * Runs `write` with the product's slug: an explicit slug another product of the merchant uses is
 * SLUG_TAKEN; a derived one (from the title, or kept from before) that collides gets a random suffix and
 * is retried — in a savepoint, so a unique violation from a concurrent save does not end the transaction.
 */
async function saveWithSlug(
  tx: Ctx,
  merchantId: string,
  input: { slug?: string | undefined; title: string },
  existing: Existing | undefined,
  write: (slug: string) => Promise<void>,
): Promise<void> {
  const explicit = input.slug !== undefined;
  let slug = input.slug ?? existing?.slug ?? deriveSlug(input.title);
  for (let attempt = 0; attempt < 5; attempt++) {
    const [taken] = await tx.db
      .select({ id: products.id })
      .from(products)
      .where(
        and(
          eq(products.merchantId, merchantId),
          eq(products.slug, slug),
          existing ? ne(products.id, existing.id) : undefined,
        ),
      );
    if (!taken) {
      try {
        const current = slug;
        await savepoint(tx, () => write(current));
        return;
      } catch (err) {
        if (!isUniqueViolation(err, 'products_merchant_slug_key')) throw err;
      }
    }
    if (explicit) throw new AppError('SLUG_TAKEN');
    slug = deriveSlug(input.title, true);
  }
  throw new AppError('SLUG_TAKEN');
}

async function writeSku(
  tx: Ctx,
  merchantId: string,
  productId: string,
  s: SkuInput,
  position: number,
  now: Date,
): Promise<string> {
  const id = s.id ?? randomUUID();
  const values = {
    name: s.name,
    price: s.price,
    originalPrice: s.originalPrice,
    deliveryMode: s.deliveryMode,
    manualStockCap: s.deliveryMode === 'manual' ? s.manualStockCap : null,
    lowStockThreshold: s.lowStockThreshold,
    pricing: s.pricing,
    sort: s.sort,
    position,
    archived: false,
    updatedAt: now,
  };
  // The shared text is encrypted and bound to its SKU; null on update of a shared_text SKU keeps the stored text.
  const sharedText =
    s.deliveryMode !== 'shared_text'
      ? { sharedText: null }
      : s.sharedText?.trim()
        ? { sharedText: tx.box.encrypt(s.sharedText, `sku-text:${id}`) }
        : {};
  if (s.id) {
    await tx.db
      .update(skus)
      .set({ ...values, ...sharedText })
      .where(and(eq(skus.id, id), eq(skus.productId, productId), eq(skus.merchantId, merchantId)));
  } else {
    await tx.db.insert(skus).values({ ...values, ...sharedText, id, productId, merchantId, createdAt: now });
  }
  return id;
}
