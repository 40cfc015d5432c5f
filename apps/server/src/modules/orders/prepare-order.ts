import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { prepared, preparedInsert } from '../../db/prepared';
import { AppError } from '../../lib/app-error';
import { checkPatterns } from '../catalog/pattern-safety';
import { quotePrice, type CouponDiscount, type QuoteResult } from '../catalog/quote-price';
import { products, skus } from '../catalog/schema';
import { storeVisible } from '../catalog/store-cards';
import { merchants } from '../merchants/schema';
import { checkBuyerInput } from './check-buyer-input';
import { newOrderNo } from './order-number';
import { orders } from './schema';

/** A SKU on sale, with what pricing and the buyer-input check need from its product. */
export interface SaleSku {
  sku: {
    id: string;
    name: string;
    price: number;
    pricing: (typeof skus.$inferSelect)['pricing'];
    deliveryMode: (typeof skus.$inferSelect)['deliveryMode'];
    manualStockCap: number | null;
  };
  product: {
    id: string;
    merchantId: string;
    categoryId: string | null;
    title: string;
    minQty: number;
    maxQty: number | null;
    perBuyerLimit: number | null;
    inputFields: (typeof products.$inferSelect)['inputFields'];
  };
}

/**
 * A live SKU of a product on sale of an active merchant (what the storefront sells), else
 * PRODUCT_NOT_AVAILABLE; upstream SKUs are not sold yet. One indexed join.
 */
export async function loadSaleSku(db: DbOrTx, skuId: string): Promise<SaleSku> {
  const [row] = await saleSku(db, { skuId });
  if (!row) throw new AppError('PRODUCT_NOT_AVAILABLE');
  if (row.sku.deliveryMode === 'upstream')
    throw new AppError('PRODUCT_NOT_AVAILABLE', { reason: 'upstream' });
  // Judges the product's patterns once per process (a no-op after that). Should the check itself fail,
  // the patterns stay unjudged and are not run: the sale goes on.
  const patterns = row.product.inputFields.flatMap((f) => (f.regex ? [f.regex] : []));
  if (patterns.length > 0) await checkPatterns(patterns).catch(() => undefined);
  return row;
}

const saleSku = prepared('sale_sku', (db) =>
  db
    .select({
      sku: {
        id: skus.id,
        name: skus.name,
        price: skus.price,
        pricing: skus.pricing,
        deliveryMode: skus.deliveryMode,
        manualStockCap: skus.manualStockCap,
      },
      product: {
        id: products.id,
        merchantId: products.merchantId,
        categoryId: products.categoryId,
        title: products.title,
        minQty: products.minQty,
        maxQty: products.maxQty,
        perBuyerLimit: products.perBuyerLimit,
        inputFields: products.inputFields,
      },
    })
    .from(skus)
    .innerJoin(products, eq(products.id, skus.productId))
    .innerJoin(merchants, eq(merchants.id, products.merchantId))
    .where(and(eq(skus.id, sql.placeholder('skuId')), eq(skus.archived, false), storeVisible)),
);

/** A purchase checked and priced, ready to be inserted. */
export interface PreparedOrder {
  sale: SaleSku;
  quote: QuoteResult;
  buyerInput: Record<string, string>;
}

/**
 * Checks a purchase of `sale` and prices it with quotePrice: the buyer's input against the product's
 * fields, the quantity against its bounds. `basePrice` replaces the SKU's base price (a reseller's own
 * price); wholesale tiers and a running limited price still apply where lower.
 */
export function prepareOrder(
  sale: SaleSku,
  p: {
    quantity: number;
    input: Record<string, string>;
    now: Date;
    basePrice?: number;
    coupon?: CouponDiscount | null;
  },
): PreparedOrder {
  const buyerInput = checkBuyerInput(sale.product.inputFields, p.input);
  const quote = quotePrice({
    sku: { price: p.basePrice ?? sale.sku.price, pricing: sale.sku.pricing },
    product: sale.product,
    quantity: p.quantity,
    now: p.now,
    coupon: p.coupon ?? null,
  });
  return { sale, quote, buyerInput };
}

/** The columns of a new (pending_payment) order for a prepared purchase; the caller adds who and how. */
export function newOrderValues(
  prepared: PreparedOrder,
  now: Date,
  expiresAt: Date,
): Omit<
  typeof orders.$inferInsert,
  'contact' | 'contactKind' | 'accessTokenHash' | 'locale' | 'buyerInput' | 'expiresAt'
> & { buyerInput: Record<string, string>; expiresAt: Date } {
  const { sale, quote } = prepared;
  return {
    orderNo: newOrderNo(),
    merchantId: sale.product.merchantId,
    productId: sale.product.id,
    skuId: sale.sku.id,
    deliveryMode: sale.sku.deliveryMode,
    quantity: quote.quantity,
    deliveredQuantity: quote.deliveredQuantity,
    unitPrice: quote.unitPrice,
    subtotal: quote.subtotal,
    discount: quote.discount,
    total: quote.total,
    buyerInput: prepared.buyerInput,
    expiresAt,
    createdAt: now,
    updatedAt: now,
  };
}

/** Inserts an order (the values of newOrderValues and the buyer's) and returns its row. */
export const insertOrder = preparedInsert('order_insert', orders, true);
