import { z } from 'zod';

/** Money in integer minor units (fen). */
export const fen = z.number().int().min(0).max(100_000_000_00);
const positiveFen = z.number().int().min(1).max(100_000_000_00);
const qty = z.number().int().min(1).max(100_000);
const isoDate = z.iso.datetime({ offset: true });

// ---------- categories ----------

export const category = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  name: z.string(),
  sort: z.number().int(),
  visible: z.boolean(),
  productCount: z.number().int(),
});
export type Category = z.infer<typeof category>;

export const createCategoryBody = z.strictObject({
  name: z.string().trim().min(1).max(40),
  parentId: z.uuid().nullable().default(null),
  sort: z.number().int().min(-10_000).max(10_000).default(0),
  visible: z.boolean().default(true),
});
export const updateCategoryBody = z.strictObject({
  name: z.string().trim().min(1).max(40).optional(),
  parentId: z.uuid().nullable().optional(),
  sort: z.number().int().min(-10_000).max(10_000).optional(),
  visible: z.boolean().optional(),
});

// ---------- products and SKUs ----------

export const productStatuses = ['draft', 'on_sale', 'off_sale'] as const;
export type ProductStatus = (typeof productStatuses)[number];

export const deliveryModes = ['card_keys', 'shared_text', 'manual', 'upstream'] as const;
export type DeliveryMode = (typeof deliveryModes)[number];

/** A field the buyer fills in at checkout (e.g. the game account for a top-up). */
export const inputField = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/),
  label: z.string().trim().min(1).max(40),
  type: z.enum(['text', 'email', 'phone', 'number', 'textarea']),
  required: z.boolean(),
  /** A JavaScript regular expression (without slashes) the value must match. */
  regex: z.string().max(200).optional(),
  help: z.string().max(200).optional(),
});
export type InputField = z.infer<typeof inputField>;

/** Wholesale tier (阶梯定价): from `minQty` units on, each unit costs `unitPrice`. */
export const priceTier = z.strictObject({
  minQty: z.number().int().min(2).max(100_000),
  unitPrice: positiveFen,
});
export type PriceTier = z.infer<typeof priceTier>;

export const pricingRules = z.strictObject({
  tiers: z.array(priceTier).max(20).default([]),
  /** Buy N get M free: every `buy` paid units deliver `free` more. */
  buyNGetM: z
    .strictObject({ buy: z.number().int().min(1).max(1000), free: z.number().int().min(1).max(1000) })
    .nullable()
    .default(null),
  /** Limited-time price (限时价) in [startsAt, endsAt). */
  limited: z
    .strictObject({ price: positiveFen, startsAt: isoDate, endsAt: isoDate })
    .nullable()
    .default(null),
});
export type PricingRules = z.infer<typeof pricingRules>;

export const skuInput = z.strictObject({
  /** Present when updating an existing SKU; absent for a new one. */
  id: z.uuid().optional(),
  name: z.string().trim().min(1).max(40),
  price: positiveFen,
  originalPrice: positiveFen.nullable().default(null),
  deliveryMode: z.enum(['card_keys', 'shared_text', 'manual']),
  /** The text or link every buyer receives (shared_text only); stored encrypted. */
  sharedText: z.string().max(5000).nullable().default(null),
  /** Virtual stock cap (虚拟库存上限) for manual delivery. */
  manualStockCap: z.number().int().min(0).max(10_000_000).nullable().default(null),
  lowStockThreshold: z.number().int().min(0).max(1_000_000).nullable().default(null),
  pricing: pricingRules.default({ tiers: [], buyNGetM: null, limited: null }),
  sort: z.number().int().min(-10_000).max(10_000).default(0),
});
export type SkuInput = z.infer<typeof skuInput>;

export const stockInfo = z.object({
  /** Units that can be sold now; null = unlimited (shared text). */
  available: z.number().int().nullable(),
  reserved: z.number().int(),
  sold: z.number().int(),
});

export const sku = z.object({
  id: z.uuid(),
  name: z.string(),
  price: fen,
  originalPrice: fen.nullable(),
  deliveryMode: z.enum(deliveryModes),
  hasSharedText: z.boolean(),
  manualStockCap: z.number().int().nullable(),
  lowStockThreshold: z.number().int().nullable(),
  pricing: pricingRules,
  sort: z.number().int(),
  stock: stockInfo,
});
export type Sku = z.infer<typeof sku>;

const productFields = {
  title: z.string().trim().min(1).max(80),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{0,79}$/),
  categoryId: z.uuid().nullable(),
  /** Markdown; rendered and sanitised on the server. */
  description: z.string().max(50_000),
  usageGuide: z.string().max(5000),
  tags: z.array(z.string().trim().min(1).max(20)).max(10),
  status: z.enum(productStatuses),
  featured: z.boolean(),
  minQty: qty,
  maxQty: qty.nullable(),
  perBuyerLimit: qty.nullable(),
  inputFields: z.array(inputField).max(10),
  coverUploadId: z.uuid().nullable(),
};

export const createProductBody = z.strictObject({
  ...productFields,
  slug: productFields.slug.optional(),
  categoryId: productFields.categoryId.default(null),
  description: productFields.description.default(''),
  usageGuide: productFields.usageGuide.default(''),
  tags: productFields.tags.default([]),
  status: productFields.status.default('draft'),
  featured: productFields.featured.default(false),
  minQty: productFields.minQty.default(1),
  maxQty: productFields.maxQty.default(null),
  perBuyerLimit: productFields.perBuyerLimit.default(null),
  inputFields: productFields.inputFields.default([]),
  coverUploadId: productFields.coverUploadId.default(null),
  skus: z.array(skuInput).min(1).max(50),
});
export type CreateProductBody = z.infer<typeof createProductBody>;

/** Full replacement of the editable fields; SKUs without `id` are added, missing ones archived. */
export const updateProductBody = createProductBody;

export const product = z.object({
  id: z.uuid(),
  merchantId: z.uuid(),
  title: z.string(),
  slug: z.string(),
  categoryId: z.uuid().nullable(),
  description: z.string(),
  descriptionHtml: z.string(),
  usageGuide: z.string(),
  tags: z.array(z.string()),
  status: z.enum(productStatuses),
  featured: z.boolean(),
  minQty: z.number().int(),
  maxQty: z.number().int().nullable(),
  perBuyerLimit: z.number().int().nullable(),
  inputFields: z.array(inputField),
  coverUrl: z.string().nullable(),
  coverUploadId: z.uuid().nullable(),
  skus: z.array(sku),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type Product = z.infer<typeof product>;

export const productSummary = z.object({
  id: z.uuid(),
  title: z.string(),
  slug: z.string(),
  status: z.enum(productStatuses),
  categoryId: z.uuid().nullable(),
  coverUrl: z.string().nullable(),
  minPrice: fen,
  maxPrice: fen,
  /** Sum over SKUs; null when any SKU is unlimited. */
  stock: z.number().int().nullable(),
  skuCount: z.number().int(),
  updatedAt: isoDate,
});
export type ProductSummary = z.infer<typeof productSummary>;

export const productListQuery = z.strictObject({
  q: z.string().trim().max(80).optional(),
  status: z.enum(productStatuses).optional(),
  categoryId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const uploadResponse = z.object({
  id: z.uuid(),
  url: z.string(),
  mime: z.string(),
  size: z.number().int(),
});

// ---------- coupons ----------

export const couponScopes = ['all', 'category', 'product', 'sku'] as const;

const couponFields = {
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9_-]{3,32}$/),
  kind: z.enum(['percent', 'fixed']),
  /** percent: 1–100 (% off); fixed: fen off. */
  value: z.number().int().min(1).max(100_000_000_00),
  scope: z.enum(couponScopes),
  scopeId: z.uuid().nullable(),
  minSpend: fen,
  totalLimit: z.number().int().min(1).max(10_000_000).nullable(),
  perBuyerLimit: z.number().int().min(1).max(1000).nullable(),
  startsAt: isoDate.nullable(),
  endsAt: isoDate.nullable(),
  active: z.boolean(),
};

export const createCouponBody = z.strictObject({
  ...couponFields,
  scopeId: couponFields.scopeId.default(null),
  minSpend: couponFields.minSpend.default(0),
  totalLimit: couponFields.totalLimit.default(null),
  perBuyerLimit: couponFields.perBuyerLimit.default(null),
  startsAt: couponFields.startsAt.default(null),
  endsAt: couponFields.endsAt.default(null),
  active: couponFields.active.default(true),
});
export type CreateCouponBody = z.infer<typeof createCouponBody>;
export const updateCouponBody = createCouponBody;

export const coupon = z.object({
  id: z.uuid(),
  ...couponFields,
  usedCount: z.number().int(),
  createdAt: isoDate,
});
export type Coupon = z.infer<typeof coupon>;

/** Why a coupon does not apply (typed so checkout, the open API and the web can switch on it). */
export const couponRejections = [
  'not_found',
  'inactive',
  'not_started',
  'expired',
  'exhausted',
  'buyer_limit',
  'min_spend',
  'out_of_scope',
] as const;
export type CouponRejection = (typeof couponRejections)[number];

// ---------- price quote (storefront, checkout, open API) ----------

export const priceQuoteQuery = z.strictObject({
  skuId: z.uuid(),
  quantity: z.coerce.number().int().min(1).max(100_000),
  coupon: z.string().trim().max(32).optional(),
});

export const priceQuote = z.object({
  skuId: z.uuid(),
  quantity: z.number().int(),
  /** Units delivered (quantity plus buy-N-get-M free units). */
  deliveredQuantity: z.number().int(),
  freeUnits: z.number().int(),
  unitPrice: fen,
  /** Which rule set the unit price. */
  unitPriceSource: z.enum(['base', 'tier', 'limited']),
  subtotal: fen,
  discount: fen,
  total: fen,
  coupon: z
    .object({ code: z.string(), applied: z.boolean(), rejection: z.enum(couponRejections).nullable() })
    .nullable(),
});
export type PriceQuote = z.infer<typeof priceQuote>;

// ---------- storefront ----------

export const storeProductCard = z.object({
  id: z.uuid(),
  title: z.string(),
  coverUrl: z.string().nullable(),
  merchantName: z.string(),
  minPrice: fen,
  originalPrice: fen.nullable(),
  inStock: z.boolean(),
  tags: z.array(z.string()),
});
export type StoreProductCard = z.infer<typeof storeProductCard>;

export const storeCategory = z.object({
  id: z.uuid(),
  name: z.string(),
  merchantName: z.string(),
  parentId: z.uuid().nullable(),
});

export const storeHome = z.object({
  categories: z.array(storeCategory),
  featured: z.array(storeProductCard),
  latest: z.array(storeProductCard),
});

export const storeCategoryPage = z.object({
  category: storeCategory,
  children: z.array(storeCategory),
  products: z.array(storeProductCard),
  total: z.number().int(),
});

export const storeSearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(80),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

export const storeListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});

export const storeProduct = z.object({
  id: z.uuid(),
  title: z.string(),
  merchantName: z.string(),
  descriptionHtml: z.string(),
  usageGuide: z.string(),
  tags: z.array(z.string()),
  coverUrl: z.string().nullable(),
  minQty: z.number().int(),
  maxQty: z.number().int().nullable(),
  inputFields: z.array(inputField),
  skus: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      price: fen,
      originalPrice: fen.nullable(),
      pricing: pricingRules,
      /** null = unlimited; otherwise the units on hand (capped at 9999 for display). */
      stock: z.number().int().nullable(),
    }),
  ),
});
export type StoreProduct = z.infer<typeof storeProduct>;
