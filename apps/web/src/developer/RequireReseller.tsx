import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { isApiError } from '../api/client';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PageLoading } from '../layout/PageLoading';
import { useDeveloperOverview } from './use-developer-overview';

/**
 * Shows the console's pages to resellers only; any other signed-in user learns how to become one
 * (the platform opens reseller accounts), instead of a bare 403.
 */
export function RequireReseller() {
  const { t } = useTranslation();
  const overview = useDeveloperOverview();
  if (overview.isPending) return <PageLoading />;
  if (overview.isError) {
    if (isApiError(overview.error) && overview.error.code === 'AUTH_FORBIDDEN') {
      return (
        <Result
          status="403"
          title={t('developer.notReseller.title')}
          subTitle={t('developer.notReseller.body')}
          data-testid="developer-not-reseller"
          extra={
            <Link to="/">
              <Button type="primary">{t('notFound.backHome')}</Button>
            </Link>
          }
        />
      );
    }
    return <ErrorAlert error={overview.error} onRetry={() => void overview.refetch()} />;
  }
  return <Outlet />;
}
