import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchStoreProduct, searchStore } from '../../api/store';
import { useDebounced } from '../../lib/use-debounced';
import { formatFen } from '../../lib/money';

/** Picks a SKU by searching the catalog for a product, then choosing one of its SKUs. */
export function SkuPicker({
  value,
  onChange,
}: {
  value?: string;
  onChange?: (skuId: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [productId, setProductId] = useState<string | undefined>();
  const term = useDebounced(q.trim(), 300);
  const found = useQuery({
    queryKey: ['admin', 'docking', 'sku-search', term],
    queryFn: () => searchStore({ q: term, limit: 20 }),
    enabled: term.length > 0,
  });
  const product = useQuery({
    queryKey: ['admin', 'docking', 'sku-product', productId],
    queryFn: () => fetchStoreProduct(productId!),
    enabled: !!productId,
  });
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        showSearch={{ filterOption: false, onSearch: setQ }}
        style={{ width: '55%' }}
        placeholder={t('adminDocking.levels.searchProduct')}
        value={productId}
        loading={found.isFetching}
        onChange={(v: string) => {
          setProductId(v);
          onChange?.(undefined);
        }}
        notFoundContent={term ? t('adminDocking.levels.noProducts') : t('adminDocking.levels.typeToSearch')}
        options={(found.data?.items ?? []).map((p) => ({
          value: p.id,
          label: `${p.title} · ${p.merchantName}`,
        }))}
        data-testid="sku-picker-product"
      />
      <Select
        style={{ width: '45%' }}
        placeholder={t('adminDocking.levels.pickSku')}
        disabled={!productId}
        loading={product.isFetching}
        value={value}
        onChange={(v: string) => onChange?.(v)}
        options={(product.data?.skus ?? []).map((s) => ({
          value: s.id,
          label: `${s.name} (${formatFen(s.price)})`,
        }))}
        data-testid="sku-picker-sku"
      />
    </Space.Compact>
  );
}
