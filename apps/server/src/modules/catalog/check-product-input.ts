import type { CreateProductBody, SkuInput } from '@kameng/shared';
import { AppError } from '../../lib/app-error';
import { compileBuyerPattern } from './pattern-safety';

/** What the caller knows about an existing SKU being updated (absent for a new SKU). */
export interface StoredSku {
  deliveryMode: string;
  hasSharedText: boolean;
}

/**
 * The rules zod cannot express, checked before anything is written:
 * quantities (QUANTITY_OUT_OF_RANGE), buyer input fields (INPUT_FIELD_INVALID), and per SKU the tier
 * table (PRICE_TIERS_INVALID), the limited-time price (PRICE_RULE_INVALID) and the delivery settings
 * (SKU_CONFIG_INVALID). `stored` maps the ids of existing SKUs to what is stored for them.
 */
export function checkProductInput(
  input: CreateProductBody,
  stored: Map<string, StoredSku> = new Map(),
): void {
  if (input.maxQty !== null && input.maxQty < input.minQty) {
    throw new AppError('QUANTITY_OUT_OF_RANGE', { field: 'maxQty' });
  }
  if (input.perBuyerLimit !== null && input.perBuyerLimit < input.minQty) {
    throw new AppError('QUANTITY_OUT_OF_RANGE', { field: 'perBuyerLimit' });
  }
  checkInputFields(input.inputFields);
  const names = new Set<string>();
  const ids = new Set<string>();
  input.skus.forEach((sku, index) => {
    if (names.has(sku.name)) throw new AppError('SKU_CONFIG_INVALID', { index, reason: 'duplicate_name' });
    names.add(sku.name);
    if (sku.id) {
      if (ids.has(sku.id)) throw new AppError('SKU_CONFIG_INVALID', { index, reason: 'duplicate_id' });
      ids.add(sku.id);
    }
    checkSku(sku, index, sku.id ? stored.get(sku.id) : undefined);
  });
}

function checkInputFields(fields: CreateProductBody['inputFields']): void {
  const seen = new Set<string>();
  for (const f of fields) {
    if (seen.has(f.name)) throw new AppError('INPUT_FIELD_INVALID', { name: f.name, reason: 'duplicate' });
    seen.add(f.name);
    if (f.regex === undefined) continue;
    if (f.regex.length > 200)
      throw new AppError('INPUT_FIELD_INVALID', { name: f.name, reason: 'regex_too_long' });
    try {
      compileBuyerPattern(f.regex);
    } catch {
      throw new AppError('INPUT_FIELD_INVALID', { name: f.name, reason: 'regex_invalid' });
    }
  }
}

/** Tiers, the limited-time price and the delivery settings of one SKU. */
export function checkSku(sku: SkuInput, index: number, stored?: StoredSku): void {
  let prev: { minQty: number; unitPrice: number } | undefined;
  for (const tier of sku.pricing.tiers) {
    const ok =
      tier.unitPrice < sku.price && (!prev || (tier.minQty > prev.minQty && tier.unitPrice < prev.unitPrice));
    if (!ok) throw new AppError('PRICE_TIERS_INVALID', { index, tier });
    prev = tier;
  }
  const limited = sku.pricing.limited;
  if (limited) {
    if (Date.parse(limited.endsAt) <= Date.parse(limited.startsAt)) {
      throw new AppError('PRICE_RULE_INVALID', { index, reason: 'window' });
    }
    if (limited.price >= sku.price) throw new AppError('PRICE_RULE_INVALID', { index, reason: 'price' });
  }

  const bad = (reason: string) => new AppError('SKU_CONFIG_INVALID', { index, reason });
  switch (sku.deliveryMode) {
    case 'card_keys':
      if (sku.sharedText !== null) throw bad('shared_text_not_allowed');
      if (sku.manualStockCap !== null) throw bad('stock_cap_not_allowed');
      break;
    case 'shared_text': {
      // On update, a shared_text SKU that already has its text may omit it (the text is never sent back).
      const keeps = stored?.deliveryMode === 'shared_text' && stored.hasSharedText;
      if (!sku.sharedText?.trim() && !keeps) throw bad('shared_text_required');
      if (sku.manualStockCap !== null) throw bad('stock_cap_not_allowed');
      break;
    }
    case 'manual':
      if (sku.manualStockCap === null) throw bad('stock_cap_required');
      if (sku.sharedText !== null) throw bad('shared_text_not_allowed');
      break;
  }
}
