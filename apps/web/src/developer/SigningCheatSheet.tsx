import { API_SIGNATURE_SCHEME, API_TIMESTAMP_WINDOW_SECONDS, canonicalString } from '@kameng/shared';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CodeBlock } from './CodeBlock';

// Rendered by the shared canonicalString itself, so the sheet cannot drift from what the server checks.
const example = canonicalString({
  method: '<METHOD>',
  path: '<path>',
  query: '',
  timestamp: '<timestamp>',
  nonce: '<nonce>',
  bodySha256: '<sha256(body) hex>',
}).replace('\n\n', '\n<sorted query>\n');

/** The signing rules in five lines: the header, the canonical string, the HMAC, the window. */
export function SigningCheatSheet() {
  const { t } = useTranslation();
  return (
    <div data-testid="signing-cheatsheet">
      <Typography.Paragraph>{t('developer.cheat.header')}</Typography.Paragraph>
      <CodeBlock>
        {`Authorization: ${API_SIGNATURE_SCHEME} AppKey=<AppKey>,Timestamp=<unix>,Nonce=<16-64 [A-Za-z0-9_-]>,Signature=<hex>`}
      </CodeBlock>
      <Typography.Paragraph>{t('developer.cheat.canonical')}</Typography.Paragraph>
      <CodeBlock>{example}</CodeBlock>
      <Typography.Paragraph>{t('developer.cheat.hmac')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {t('developer.cheat.window', { seconds: API_TIMESTAMP_WINDOW_SECONDS })}
      </Typography.Paragraph>
    </div>
  );
}
