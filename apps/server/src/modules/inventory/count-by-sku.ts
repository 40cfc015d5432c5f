/** Groups changed key rows by SKU: [{ id, merchantId }, count] per SKU. */
export function countBySku(
  rows: readonly { sku_id: string; merchant_id: string }[],
): [{ id: string; merchantId: string }, number][] {
  const by = new Map<string, [{ id: string; merchantId: string }, number]>();
  for (const r of rows) {
    const e = by.get(r.sku_id);
    if (e) e[1]++;
    else by.set(r.sku_id, [{ id: r.sku_id, merchantId: r.merchant_id }, 1]);
  }
  return [...by.values()];
}
