import { Alert, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/queries';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PageLoading } from '../layout/PageLoading';
import { ChangePasswordForm } from './ChangePasswordForm';
import { TwoFactorSection } from './TwoFactorSection';

/** Account security (password and 2FA), shared by the admin and merchant consoles. */
export function SecurityPage() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <PageLoading />;
  if (me.isError) return <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />;
  const user = me.data;
  if (!user) return <PageLoading />;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }} data-testid="security-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('security.title')}
      </Typography.Title>
      {user.mfaEnrolmentRequired ? (
        <Alert
          type="warning"
          showIcon
          data-testid="mfa-required-alert"
          title={t('security.mfaRequired.title')}
          description={t('security.mfaRequired.description')}
        />
      ) : null}
      <TwoFactorSection user={user} />
      {/* Until 2FA is on, an admin's session may do nothing else; keep the page focused on enrolment. */}
      {user.mfaEnrolmentRequired ? null : <ChangePasswordForm />}
    </Space>
  );
}
