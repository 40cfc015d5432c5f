import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Pagination, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { queryKeys } from '../api/queries';
import { searchStore } from '../api/store';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PageLoading } from '../layout/PageLoading';
import { ProductGrid } from './ProductCard';
import { StoreShell } from './StoreShell';

const PAGE_SIZE = 20;

/** Route /search?q=…: products matching the search term. */
export function StoreSearchPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const [pageState, setPageState] = useState({ q, page: 1 });
  const page = pageState.q === q ? pageState.page : 1;
  const query = { q, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const results = useQuery({
    queryKey: [...queryKeys.store, 'search', query],
    queryFn: () => searchStore(query),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });

  let body;
  if (!q) body = <ProductGrid products={[]} empty={t('store.searchPrompt')} />;
  else if (results.isPending) body = <PageLoading />;
  else if (results.isError)
    body = <ErrorAlert error={results.error} onRetry={() => void results.refetch()} />;
  else
    body = (
      <>
        <Typography.Paragraph type="secondary" data-testid="search-total">
          {t('store.searchResults', { q, count: results.data.total })}
        </Typography.Paragraph>
        <ProductGrid products={results.data.items} empty={t('store.searchEmpty', { q })} />
        {results.data.total > PAGE_SIZE ? (
          <Pagination
            current={page}
            pageSize={PAGE_SIZE}
            total={results.data.total}
            onChange={(p) => setPageState({ q, page: p })}
            showSizeChanger={false}
            style={{ marginTop: 16, textAlign: 'center' }}
          />
        ) : null}
      </>
    );
  return (
    <StoreShell testId="store-search-page">
      <section className="store-section">{body}</section>
    </StoreShell>
  );
}
