import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Space, Statistic, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { fetchProduct } from '../../api/catalog';
import { fetchStock } from '../../api/inventory';
import { queryKeys } from '../../api/queries';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { Forbidden } from '../../layout/Forbidden';
import { NotFound } from '../../layout/NotFound';
import { PageLoading } from '../../layout/PageLoading';
import { useCan } from '../use-can';
import { BatchList } from './BatchList';
import { KeyImport } from './KeyImport';
import { KeyList } from './KeyList';

/** Route /merchant/products/:id/skus/:skuId/keys: stock, import, batches and keys of one SKU. */
export function KeysPage() {
  const { t } = useTranslation();
  const { id = '', skuId = '' } = useParams();
  const canRead = useCan('catalog.read');
  const canImport = useCan('keys.import');
  const product = useQuery({
    queryKey: queryKeys.product(id),
    queryFn: () => fetchProduct(id),
    enabled: canRead,
  });
  if (!canRead) return <Forbidden />;
  if (product.isPending) return <PageLoading />;
  if (product.isError) return <ErrorAlert error={product.error} onRetry={() => void product.refetch()} />;
  const sku = product.data.skus.find((s) => s.id === skuId);
  if (!sku) return <NotFound />;

  const tabs = [
    ...(canImport
      ? [{ key: 'import', label: t('keys.tabs.import'), children: <KeyImport skuId={skuId} /> }]
      : []),
    { key: 'batches', label: t('keys.tabs.batches'), children: <BatchList skuId={skuId} /> },
    { key: 'keys', label: t('keys.tabs.keys'), children: <KeyList skuId={skuId} /> },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="keys-page">
      <Space wrap>
        <Link to={`/merchant/products/${id}`}>
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('catalog.editor.editTitle')} />
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('keys.title')}
        </Typography.Title>
        <Typography.Text type="secondary">
          {product.data.title} · {sku.name}
        </Typography.Text>
      </Space>
      {sku.deliveryMode !== 'card_keys' ? (
        <Typography.Text type="warning">{t('keys.notCardKeys')}</Typography.Text>
      ) : null}
      <StockSummary skuId={skuId} />
      <Card>
        <Tabs items={tabs} destroyOnHidden={false} data-testid="keys-tabs" />
      </Card>
    </Space>
  );
}

/** Available / reserved / sold counters of a SKU. */
function StockSummary({ skuId }: { skuId: string }) {
  const { t } = useTranslation();
  const stock = useQuery({ queryKey: queryKeys.stock(skuId), queryFn: () => fetchStock(skuId) });
  if (stock.isError) return <ErrorAlert error={stock.error} onRetry={() => void stock.refetch()} />;
  const s = stock.data;
  return (
    <Row gutter={[16, 16]} data-testid="stock-summary">
      <Col xs={8}>
        <Card size="small">
          <Statistic
            title={t('keys.stock.available')}
            loading={stock.isPending}
            value={s?.available ?? 0}
            formatter={() => (
              <span data-testid="stock-available">
                {s ? (s.available === null ? t('catalog.stock.unlimited') : String(s.available)) : ''}
              </span>
            )}
          />
        </Card>
      </Col>
      <Col xs={8}>
        <Card size="small">
          <Statistic title={t('keys.stock.reserved')} loading={stock.isPending} value={s?.reserved ?? 0} />
        </Card>
      </Col>
      <Col xs={8}>
        <Card size="small">
          <Statistic title={t('keys.stock.sold')} loading={stock.isPending} value={s?.sold ?? 0} />
        </Card>
      </Col>
    </Row>
  );
}
