import { ShoppingCartOutlined, DollarOutlined, InboxOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Row, Space, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchMerchantProfile } from '../api/merchant';
import { queryKeys, useMe } from '../api/queries';
import { MerchantStatusTag } from '../admin/MerchantStatusTag';
import { ErrorAlert } from '../layout/ErrorAlert';
import { formatDateTime } from '../layout/format-date-time';
import { PageLoading } from '../layout/PageLoading';
import { MerchantStatusBanner } from './MerchantStatusBanner';

const cards = [
  { key: 'orders', icon: <ShoppingCartOutlined /> },
  { key: 'revenue', icon: <DollarOutlined /> },
  { key: 'stock', icon: <InboxOutlined /> },
] as const;

/** Merchant overview: review status banner, merchant profile and placeholder figures. */
export function MerchantDashboard() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const profile = useQuery({ queryKey: queryKeys.merchantProfile, queryFn: fetchMerchantProfile });
  const status = profile.data?.status ?? me.data?.merchant?.status;

  let profileBody;
  if (profile.isPending) profileBody = <PageLoading />;
  else if (profile.isError)
    profileBody = <ErrorAlert error={profile.error} onRetry={() => void profile.refetch()} />;
  else {
    const m = profile.data;
    profileBody = (
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t('field.merchantName')}>{m.name}</Descriptions.Item>
        <Descriptions.Item label={t('field.kind')}>{t(`merchantKind.${m.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('field.status')}>
          <MerchantStatusTag status={m.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('field.email')}>{m.contactEmail}</Descriptions.Item>
        <Descriptions.Item label={t('field.contactPhone')}>{m.contactPhone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('merchant.dashboard.agreement')}>{m.agreementVersion}</Descriptions.Item>
        <Descriptions.Item label={t('merchant.dashboard.joinedAt')}>
          {formatDateTime(m.createdAt, i18n.language)}
        </Descriptions.Item>
      </Descriptions>
    );
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="merchant-dashboard">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('merchant.dashboard.title')}
      </Typography.Title>
      {status ? <MerchantStatusBanner status={status} /> : null}
      <Card title={t('merchant.dashboard.profile')}>{profileBody}</Card>
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.key} xs={24} sm={8}>
            <Card>
              <Statistic title={t(`merchant.dashboard.cards.${c.key}`)} value="—" prefix={c.icon} />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary">{t('merchant.dashboard.placeholder')}</Typography.Text>
    </Space>
  );
}
