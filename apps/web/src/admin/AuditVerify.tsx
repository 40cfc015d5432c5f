import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { verifyAudit } from '../api/admin';
import { ErrorAlert } from '../layout/ErrorAlert';

/** Re-computes the audit hash chain on the server and shows whether it is intact. */
export function AuditVerify() {
  const { t } = useTranslation();
  const mutation = useMutation({ mutationFn: verifyAudit });
  const result = mutation.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button
        icon={<SafetyCertificateOutlined />}
        loading={mutation.isPending}
        onClick={() => mutation.mutate()}
        data-testid="audit-verify"
      >
        {t('admin.audit.verify')}
      </Button>
      {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      {result ? (
        <div data-testid="audit-verify-result" data-ok={String(result.ok)}>
          {result.ok ? (
            <Alert type="success" showIcon title={t('admin.audit.verifyOk', { checked: result.checked })} />
          ) : (
            <Alert
              type="error"
              showIcon
              title={t('admin.audit.verifyBroken', { checked: result.checked })}
              description={
                <>
                  {t('admin.audit.firstBrokenId', { id: result.firstBrokenId ?? '—' })}
                  {result.reason ? ' · ' + t(`admin.audit.reason.${result.reason}`) : null}
                </>
              }
            />
          )}
        </div>
      ) : null}
    </Space>
  );
}
