import type { DeliveryMode, InputField, Product, ProductStatus } from '@kameng/shared';
import type { ProductBody } from '../../api/catalog';
import { isoToLocalInput, localInputToIso } from '../../lib/datetime-local';
import { fenToYuan, yuanToFen } from '../../lib/money';

/** The editor's form model: money as yuan strings, dates as datetime-local strings. */
export interface TierForm {
  minQty: number | null;
  unitPrice: string;
}

export type SkuDeliveryMode = Exclude<DeliveryMode, 'upstream'>;

export interface SkuForm {
  id?: string;
  name: string;
  price: string;
  originalPrice: string;
  deliveryMode: SkuDeliveryMode;
  sharedText: string;
  /** The saved SKU already has a shared text (it is stored encrypted and never sent back). */
  hasSharedText: boolean;
  manualStockCap: number | null;
  lowStockThreshold: number | null;
  sort: number;
  tiers: TierForm[];
  buyNGetMOn: boolean;
  buy: number | null;
  free: number | null;
  limitedOn: boolean;
  limitedPrice: string;
  limitedStartsAt: string;
  limitedEndsAt: string;
}

export interface InputFieldForm {
  label: string;
  name: string;
  type: InputField['type'];
  required: boolean;
  regex: string;
  help: string;
}

export interface ProductForm {
  title: string;
  slug: string;
  categoryId: string | null;
  status: ProductStatus;
  featured: boolean;
  tags: string[];
  minQty: number;
  maxQty: number | null;
  perBuyerLimit: number | null;
  coverUploadId: string | null;
  coverUrl: string | null;
  description: string;
  usageGuide: string;
  skus: SkuForm[];
  inputFields: InputFieldForm[];
}

export function emptySku(sort = 0): SkuForm {
  return {
    name: '',
    price: '',
    originalPrice: '',
    deliveryMode: 'card_keys',
    sharedText: '',
    hasSharedText: false,
    manualStockCap: null,
    lowStockThreshold: null,
    sort,
    tiers: [],
    buyNGetMOn: false,
    buy: null,
    free: null,
    limitedOn: false,
    limitedPrice: '',
    limitedStartsAt: '',
    limitedEndsAt: '',
  };
}

export function emptyInputField(): InputFieldForm {
  return { label: '', name: '', type: 'text', required: true, regex: '', help: '' };
}

export function emptyProductForm(): ProductForm {
  return {
    title: '',
    slug: '',
    categoryId: null,
    status: 'draft',
    featured: false,
    tags: [],
    minQty: 1,
    maxQty: null,
    perBuyerLimit: null,
    coverUploadId: null,
    coverUrl: null,
    description: '',
    usageGuide: '',
    skus: [emptySku()],
    inputFields: [],
  };
}

/** A saved product as form values. */
export function productToForm(p: Product): ProductForm {
  return {
    title: p.title,
    slug: p.slug,
    categoryId: p.categoryId,
    status: p.status,
    featured: p.featured,
    tags: p.tags,
    minQty: p.minQty,
    maxQty: p.maxQty,
    perBuyerLimit: p.perBuyerLimit,
    coverUploadId: p.coverUploadId,
    coverUrl: p.coverUrl,
    description: p.description,
    usageGuide: p.usageGuide,
    skus: p.skus.map((s) => ({
      id: s.id,
      name: s.name,
      price: fenToYuan(s.price),
      originalPrice: s.originalPrice === null ? '' : fenToYuan(s.originalPrice),
      deliveryMode: s.deliveryMode === 'upstream' ? 'card_keys' : s.deliveryMode,
      sharedText: '',
      hasSharedText: s.hasSharedText,
      manualStockCap: s.manualStockCap,
      lowStockThreshold: s.lowStockThreshold,
      sort: s.sort,
      tiers: s.pricing.tiers.map((tier) => ({ minQty: tier.minQty, unitPrice: fenToYuan(tier.unitPrice) })),
      buyNGetMOn: s.pricing.buyNGetM !== null,
      buy: s.pricing.buyNGetM?.buy ?? null,
      free: s.pricing.buyNGetM?.free ?? null,
      limitedOn: s.pricing.limited !== null,
      limitedPrice: s.pricing.limited ? fenToYuan(s.pricing.limited.price) : '',
      limitedStartsAt: isoToLocalInput(s.pricing.limited?.startsAt),
      limitedEndsAt: isoToLocalInput(s.pricing.limited?.endsAt),
    })),
    inputFields: p.inputFields.map((f) => ({
      label: f.label,
      name: f.name,
      type: f.type,
      required: f.required,
      regex: f.regex ?? '',
      help: f.help ?? '',
    })),
  };
}

const blankToNull = (v: number | null | undefined) => (v === undefined || v === null ? null : v);
const money = (v: string | undefined) => yuanToFen(v ?? '') ?? 0;
const optionalMoney = (v: string | undefined) => (v && v.trim() ? (yuanToFen(v) ?? 0) : null);
const optionalText = (v: string | undefined) => (v && v.trim() ? v : undefined);

/** Form values as the API body (fen integers, ISO dates). Invalid money becomes 0 so the server rejects it. */
export function formToBody(v: ProductForm): ProductBody {
  return {
    title: v.title.trim(),
    slug: optionalText(v.slug?.trim()),
    categoryId: v.categoryId ?? null,
    status: v.status,
    featured: v.featured,
    tags: v.tags ?? [],
    minQty: v.minQty ?? 1,
    maxQty: blankToNull(v.maxQty),
    perBuyerLimit: blankToNull(v.perBuyerLimit),
    coverUploadId: v.coverUploadId ?? null,
    description: v.description ?? '',
    usageGuide: v.usageGuide ?? '',
    inputFields: (v.inputFields ?? []).map((f) => ({
      label: f.label.trim(),
      name: f.name.trim(),
      type: f.type,
      required: f.required,
      regex: optionalText(f.regex),
      help: optionalText(f.help),
    })),
    skus: (v.skus ?? []).map((s, i) => {
      const sharedText = s.deliveryMode === 'shared_text' && s.sharedText?.trim() ? s.sharedText : null;
      return {
        ...(s.id ? { id: s.id } : {}),
        name: s.name.trim(),
        price: money(s.price),
        originalPrice: optionalMoney(s.originalPrice),
        deliveryMode: s.deliveryMode,
        // Left blank on a saved SKU: null keeps the stored (encrypted) text.
        sharedText,
        manualStockCap: s.deliveryMode === 'manual' ? blankToNull(s.manualStockCap) : null,
        lowStockThreshold: blankToNull(s.lowStockThreshold),
        sort: s.sort ?? i,
        pricing: {
          tiers: (s.tiers ?? []).map((tier) => ({
            minQty: tier.minQty ?? 0,
            unitPrice: money(tier.unitPrice),
          })),
          buyNGetM: s.buyNGetMOn ? { buy: s.buy ?? 0, free: s.free ?? 0 } : null,
          limited: s.limitedOn
            ? {
                price: money(s.limitedPrice),
                startsAt: localInputToIso(s.limitedStartsAt) ?? '',
                endsAt: localInputToIso(s.limitedEndsAt) ?? '',
              }
            : null,
        },
      };
    }),
  };
}
