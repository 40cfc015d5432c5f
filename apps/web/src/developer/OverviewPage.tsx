import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ApiAccessStatus } from '@kameng/shared';
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { developerKeys, requestApiAccess } from '../api/developer';
import { CopyButton } from '../checkout/CopyButton';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PageLoading } from '../layout/PageLoading';
import { formatFen } from '../lib/money';
import { ApiStatusTag } from './ApiStatusTag';
import { SandboxTopUpModal } from './SandboxTopUpModal';
import { SigningCheatSheet } from './SigningCheatSheet';
import { useDeveloperOverview } from './use-developer-overview';

const alertType: Record<ApiAccessStatus, 'info' | 'warning' | 'success' | 'error'> = {
  none: 'info',
  pending: 'warning',
  approved: 'success',
  suspended: 'error',
};

const quickLinks = [
  { to: '/developer/credentials', label: 'developer.menu.credentials' },
  { to: '/developer/webhooks', label: 'developer.menu.webhooks' },
  { to: '/developer/calls', label: 'developer.menu.calls' },
  { to: '/developer/dashboard', label: 'developer.menu.dashboard' },
  { to: '/developer/signature', label: 'developer.menu.signature' },
] as const;

/** The console's home: API access (and how to get it), served version, balances, links, signing rules. */
export function OverviewPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const overview = useDeveloperOverview();
  const [toppingUp, setToppingUp] = useState(false);
  const access = useMutation({
    mutationFn: requestApiAccess,
    onSuccess: () => {
      void message.success(t('developer.overview.requested'));
      void queryClient.invalidateQueries({ queryKey: developerKeys.overview });
    },
  });
  if (overview.isPending) return <PageLoading />;
  if (overview.isError) return <ErrorAlert error={overview.error} onRetry={() => void overview.refetch()} />;
  const o = overview.data;
  const baseUrl = window.location.origin + '/api/v1';
  return (
    <div data-testid="developer-overview" data-api-status={o.apiStatus}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('developer.overview.title')}
      </Typography.Title>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card title={t('developer.overview.access')} extra={<ApiStatusTag status={o.apiStatus} />}>
          <Alert
            type={alertType[o.apiStatus]}
            showIcon
            title={t(`developer.accessHelp.${o.apiStatus}`)}
            action={
              o.apiStatus === 'none' ? (
                <Button
                  type="primary"
                  loading={access.isPending}
                  onClick={() => access.mutate()}
                  data-testid="request-access"
                >
                  {t('developer.overview.requestAccess')}
                </Button>
              ) : undefined
            }
          />
          {access.isError ? (
            <div style={{ marginTop: 12 }}>
              <ErrorAlert error={access.error} />
            </div>
          ) : null}
          {o.reseller.status === 'suspended' ? (
            <Alert
              style={{ marginTop: 12 }}
              type="error"
              showIcon
              title={t('developer.overview.resellerSuspended')}
            />
          ) : null}
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginTop: 16 }}>
            <Descriptions.Item label={t('developer.overview.account')}>{o.reseller.name}</Descriptions.Item>
            <Descriptions.Item label={t('developer.overview.servedVersion')}>
              <span data-testid="served-version">{o.servedVersion}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('developer.overview.level')}>
              {o.level ? o.level.name : t('developer.overview.noLevel')}
            </Descriptions.Item>
            <Descriptions.Item label={t('developer.overview.credentials')}>
              {t('developer.overview.credentialCount', {
                active: o.credentials.active,
                limit: o.credentials.limit,
              })}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <Card title={t('developer.overview.liveBalance')} style={{ height: '100%' }}>
              <Space size="large" wrap>
                <Statistic
                  title={t('developer.overview.available')}
                  value={formatFen(o.balances.live.available)}
                  valueRender={(node) => <span data-testid="live-balance">{node}</span>}
                />
                <Statistic title={t('developer.overview.held')} value={formatFen(o.balances.live.held)} />
              </Space>
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                {t('developer.overview.liveHint')}
              </Typography.Paragraph>
            </Card>
          </Col>
          <Col xs={24} md={12}>
            <Card
              title={t('developer.overview.sandboxBalance')}
              style={{ height: '100%' }}
              extra={
                <Button size="small" onClick={() => setToppingUp(true)} data-testid="sandbox-topup">
                  {t('developer.overview.topUp')}
                </Button>
              }
            >
              <Statistic
                title={t('developer.overview.available')}
                value={formatFen(o.balances.sandbox.available)}
                valueRender={(node) => <span data-testid="sandbox-balance">{node}</span>}
              />
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                {t('developer.overview.sandboxHint')}
              </Typography.Paragraph>
            </Card>
          </Col>
        </Row>
        <Card title={t('developer.overview.connect')}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('developer.overview.baseUrl')}>
              <Space wrap>
                <Typography.Text code data-testid="base-url">
                  {baseUrl}
                </Typography.Text>
                <CopyButton text={baseUrl} testId="copy-base-url" />
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('developer.overview.reference')}>
              <a href="/api/docs" target="_blank" rel="noreferrer">
                {t('developer.overview.openApi')}
              </a>
            </Descriptions.Item>
          </Descriptions>
          <Space wrap style={{ marginBottom: 16 }}>
            {quickLinks.map((l) => (
              <Link key={l.to} to={l.to}>
                <Button>{t(l.label)}</Button>
              </Link>
            ))}
          </Space>
          <Typography.Title level={5}>{t('developer.cheat.title')}</Typography.Title>
          <SigningCheatSheet />
        </Card>
      </Space>
      {toppingUp ? <SandboxTopUpModal onClose={() => setToppingUp(false)} /> : null}
    </div>
  );
}
