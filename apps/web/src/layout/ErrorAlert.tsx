import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';

/** Shows an API error: the server's (localized) message, its code and request id; optional retry. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  let message: string;
  let description: string | null = null;
  if (error instanceof ApiError) {
    message = error.code === 'NETWORK' ? t('error.network') : error.message;
    const parts = [t('error.code', { code: error.code })];
    if (error.request_id) parts.push(t('error.requestId', { id: error.request_id }));
    description = parts.join(' · ');
  } else {
    message = t('error.unknown');
    description = error instanceof Error ? error.message : null;
  }
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="error-alert"
      title={message}
      description={description}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
