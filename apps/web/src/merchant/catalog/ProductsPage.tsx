import { useMemo, useState } from 'react';
import { PictureOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { productStatuses, type ProductStatus, type ProductSummary } from '@kameng/shared';
import { Button, Empty, Input, Select, Space, Table, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { fetchCategories, fetchProducts } from '../../api/catalog';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Forbidden } from '../../layout/Forbidden';
import { formatDateTime } from '../../layout/format-date-time';
import { formatFen } from '../../lib/money';
import { useCan } from '../use-can';
import { buildCategoryTree, categoryOptions, categoryPath } from './category-tree';
import { ProductStatusTag } from './ProductStatusTag';

const PAGE_SIZE = 20;

/** The merchant's products: search, status and category filters, stock and price range per product. */
export function ProductsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const canRead = useCan('catalog.read');
  const canWrite = useCan('catalog.write');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<ProductStatus | undefined>();
  const [categoryId, setCategoryId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const params = { q: q || undefined, status, categoryId, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const list = useQuery({
    queryKey: [...queryKeys.products, params],
    queryFn: () => fetchProducts(params),
    enabled: canRead,
    placeholderData: keepPreviousData,
  });
  const categories = useQuery({ queryKey: queryKeys.categories, queryFn: fetchCategories, enabled: canRead });
  const catItems = useMemo(() => categories.data?.items ?? [], [categories.data]);
  const catOptions = useMemo(() => categoryOptions(buildCategoryTree(catItems)), [catItems]);

  if (!canRead) return <Forbidden />;

  const columns: ColumnsType<ProductSummary> = [
    {
      title: t('catalog.product.title'),
      dataIndex: 'title',
      key: 'title',
      render: (v: string, p) => (
        <Space>
          {p.coverUrl ? (
            <img src={p.coverUrl} alt="" className="product-thumb" />
          ) : (
            <span className="product-thumb product-thumb-empty">
              <PictureOutlined />
            </span>
          )}
          <Link to={`/merchant/products/${p.id}`} data-testid="product-link">
            {v}
          </Link>
        </Space>
      ),
    },
    {
      title: t('field.status'),
      dataIndex: 'status',
      key: 'status',
      render: (s: ProductStatus) => <ProductStatusTag status={s} />,
    },
    {
      title: t('catalog.product.category'),
      dataIndex: 'categoryId',
      key: 'categoryId',
      render: (id: string | null) => categoryPath(catItems, id) || '—',
    },
    {
      title: t('catalog.products.priceRange'),
      key: 'price',
      render: (_v, p) =>
        p.minPrice === p.maxPrice
          ? formatFen(p.minPrice)
          : `${formatFen(p.minPrice)} – ${formatFen(p.maxPrice)}`,
    },
    { title: t('catalog.products.skuCount'), dataIndex: 'skuCount', key: 'skuCount' },
    {
      title: t('catalog.products.stock'),
      dataIndex: 'stock',
      key: 'stock',
      render: (s: number | null) => (
        <span data-testid="product-stock">{s === null ? t('catalog.stock.unlimited') : s}</span>
      ),
    },
    {
      title: t('catalog.products.updatedAt'),
      dataIndex: 'updatedAt',
      key: 'updatedAt',
      render: (v: string) => formatDateTime(v, i18n.language),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_v, p) => (
        <Link to={`/merchant/products/${p.id}`}>
          <Button type="link" size="small" data-testid="product-edit">
            {canWrite ? t('common.edit') : t('catalog.products.view')}
          </Button>
        </Link>
      ),
    },
  ];

  const filtered = Boolean(q || status || categoryId);
  return (
    <div data-testid="product-list">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('catalog.products.title')}
        </Typography.Title>
        {canWrite ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="product-new"
            onClick={() => void navigate('/merchant/products/new')}
          >
            {t('catalog.products.new')}
          </Button>
        ) : null}
      </Space>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          name="q"
          placeholder={t('catalog.products.searchPlaceholder')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ width: 240 }}
          data-testid="product-search"
        />
        <Select<ProductStatus>
          allowClear
          placeholder={t('catalog.products.allStatuses')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          style={{ width: 140 }}
          options={productStatuses.map((s) => ({ value: s, label: t(`catalog.status.${s}`) }))}
          data-testid="product-status-filter"
        />
        <TreeSelect
          allowClear
          treeDefaultExpandAll
          placeholder={t('catalog.products.allCategories')}
          value={categoryId}
          onChange={(v: string | undefined) => {
            setCategoryId(v);
            setPage(1);
          }}
          treeData={catOptions}
          style={{ width: 200 }}
        />
      </Space>
      {list.isError ? (
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<ProductSummary>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: setPage,
            hideOnSinglePage: true,
          }}
          locale={{
            emptyText: (
              <Empty description={filtered ? t('catalog.products.noMatch') : t('catalog.products.empty')} />
            ),
          }}
        />
      )}
    </div>
  );
}
