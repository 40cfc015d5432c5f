import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Breadcrumb, Pagination, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { queryKeys } from '../api/queries';
import { fetchStoreCategory } from '../api/store';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PageLoading } from '../layout/PageLoading';
import { ProductGrid, SectionTitle } from './ProductCard';
import { StoreShell } from './StoreShell';

const PAGE_SIZE = 20;

/** Route /category/:id: a category's subcategories and products. */
export function StoreCategoryPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [page, setPage] = useState(1);
  const params = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const data = useQuery({
    queryKey: [...queryKeys.store, 'category', id, params],
    queryFn: () => fetchStoreCategory(id, params),
    placeholderData: keepPreviousData,
  });

  let body;
  if (data.isPending) body = <PageLoading />;
  else if (data.isError) body = <ErrorAlert error={data.error} onRetry={() => void data.refetch()} />;
  else {
    const { category, children, products, total } = data.data;
    body = (
      <>
        <Breadcrumb
          items={[{ title: <Link to="/">{t('store.home')}</Link> }, { title: category.name }]}
          style={{ marginBottom: 8 }}
        />
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {category.name}
        </Typography.Title>
        <Typography.Text type="secondary">{category.merchantName}</Typography.Text>
        {children.length > 0 ? (
          <div className="store-chips" style={{ margin: '12px 0' }}>
            {children.map((c) => (
              <Link key={c.id} to={`/category/${c.id}`} onClick={() => setPage(1)}>
                <Tag className="store-chip">{c.name}</Tag>
              </Link>
            ))}
          </div>
        ) : null}
        <section className="store-section" data-testid="store-category">
          <SectionTitle>{t('store.productsCount', { count: total })}</SectionTitle>
          <ProductGrid products={products} empty={t('store.categoryEmpty')} />
          {total > PAGE_SIZE ? (
            <Pagination
              current={page}
              pageSize={PAGE_SIZE}
              total={total}
              onChange={setPage}
              showSizeChanger={false}
              style={{ marginTop: 16, textAlign: 'center' }}
            />
          ) : null}
        </section>
      </>
    );
  }
  return <StoreShell testId="store-category-page">{body}</StoreShell>;
}
