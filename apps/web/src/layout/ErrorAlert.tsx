import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';

/** Validation issues the server lists in `details.issues` (path + message), if any. */
function validationIssues(details: unknown): { path: string; message: string }[] {
  if (!details || typeof details !== 'object' || !('issues' in details)) return [];
  const issues = (details as { issues: unknown }).issues;
  if (!Array.isArray(issues)) return [];
  return issues
    .filter((i): i is { path?: unknown; message?: unknown } => !!i && typeof i === 'object')
    .map((i) => ({ path: String(i.path ?? ''), message: String(i.message ?? '') }));
}

/** Shows an API error: the server's (localized) message, its code and request id, issues; optional retry. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  let message: string;
  let description: string | null = null;
  let issues: { path: string; message: string }[] = [];
  if (error instanceof ApiError) {
    message = error.code === 'NETWORK' ? t('error.network') : error.message;
    const parts = [t('error.code', { code: error.code })];
    if (error.request_id) parts.push(t('error.requestId', { id: error.request_id }));
    description = parts.join(' · ');
    issues = validationIssues(error.details);
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
      data-code={error instanceof ApiError ? error.code : undefined}
      title={message}
      description={
        issues.length > 0 ? (
          <>
            <div>{description}</div>
            <ul className="error-issues">
              {issues.slice(0, 20).map((i, n) => (
                <li key={n}>
                  {i.path ? <code>{i.path}</code> : null} {i.message}
                </li>
              ))}
            </ul>
          </>
        ) : (
          description
        )
      }
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
