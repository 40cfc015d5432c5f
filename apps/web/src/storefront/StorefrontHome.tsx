import { useQuery } from '@tanstack/react-query';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { queryKeys } from '../api/queries';
import { fetchStoreHome } from '../api/store';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PageLoading } from '../layout/PageLoading';
import { ProductGrid, SectionTitle } from './ProductCard';
import { StoreShell } from './StoreShell';

/** The public home page (mobile-first): categories, featured and latest products. */
export function StorefrontHome() {
  const { t } = useTranslation();
  const home = useQuery({ queryKey: [...queryKeys.store, 'home'], queryFn: fetchStoreHome });

  let body;
  if (home.isPending) body = <PageLoading />;
  else if (home.isError) body = <ErrorAlert error={home.error} onRetry={() => void home.refetch()} />;
  else {
    const { categories, featured, latest } = home.data;
    const roots = categories.filter((c) => c.parentId === null);
    const nothing = featured.length === 0 && latest.length === 0;
    body = (
      <>
        {roots.length > 0 ? (
          <section
            className="store-section"
            aria-label={t('store.categories')}
            data-testid="store-categories"
          >
            <SectionTitle>{t('store.categories')}</SectionTitle>
            <div className="store-chips">
              {roots.map((c) => (
                <Link key={c.id} to={`/category/${c.id}`} data-testid="store-category-link">
                  <Tag className="store-chip">{c.name}</Tag>
                </Link>
              ))}
            </div>
          </section>
        ) : null}
        {nothing ? (
          <section className="store-section" aria-label={t('storefront.productsLabel')}>
            <ProductGrid
              products={[]}
              empty={
                <>
                  <Typography.Text strong>{t('storefront.emptyTitle')}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">{t('storefront.emptyDesc')}</Typography.Text>
                </>
              }
            />
          </section>
        ) : null}
        {featured.length > 0 ? (
          <section className="store-section" aria-label={t('store.featured')} data-testid="store-featured">
            <SectionTitle>{t('store.featured')}</SectionTitle>
            <ProductGrid products={featured} empty={null} />
          </section>
        ) : null}
        {latest.length > 0 ? (
          <section className="store-section" aria-label={t('store.latest')} data-testid="store-latest">
            <SectionTitle>{t('store.latest')}</SectionTitle>
            <ProductGrid products={latest} empty={null} />
          </section>
        ) : null}
      </>
    );
  }

  return (
    <StoreShell testId="storefront-home">
      <section className="store-hero">
        <Typography.Title level={2} style={{ marginBottom: 8 }}>
          {t('storefront.heroTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('storefront.heroSubtitle')}</Typography.Paragraph>
      </section>
      {body}
    </StoreShell>
  );
}
