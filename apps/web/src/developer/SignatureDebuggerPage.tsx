import { useMutation } from '@tanstack/react-query';
import type { SignatureDebugBody, SignatureDebugResult } from '@kameng/shared';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Row, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { debugSignature } from '../api/developer';
import { useFormRules } from '../auth/form-rules';
import { ErrorAlert } from '../layout/ErrorAlert';
import { CodeBlock } from './CodeBlock';

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Paste a request; see the canonical string the server computed and why the signature did (not) match. */
export function SignatureDebuggerPage() {
  const { t } = useTranslation();
  const rules = useFormRules();
  const [form] = Form.useForm<SignatureDebugBody>();
  const check = useMutation({ mutationFn: debugSignature });
  return (
    <div data-testid="signature-debugger">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('developer.signature.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('developer.signature.help')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={11}>
          <Card>
            <Form<SignatureDebugBody>
              form={form}
              name="signatureDebug"
              layout="vertical"
              requiredMark={false}
              initialValues={{ method: 'GET', path: '/api/v1/ping', authorization: '', body: '' }}
              onFinish={(v) => check.mutate({ ...v, body: v.body ?? '' })}
            >
              <Row gutter={8}>
                <Col flex="120px">
                  <Form.Item name="method" label={t('developer.signature.method')} rules={rules.required}>
                    <Select
                      options={methods.map((m) => ({ value: m, label: m }))}
                      data-testid="debug-method"
                    />
                  </Form.Item>
                </Col>
                <Col flex="auto">
                  <Form.Item
                    name="path"
                    label={t('developer.signature.path')}
                    extra={t('developer.signature.pathHint')}
                    rules={[
                      ...rules.requiredText,
                      { pattern: /^\//, message: t('developer.signature.pathSlash') },
                      { max: 4000, message: t('developer.maxLength', { max: 4000 }) },
                    ]}
                  >
                    <Input name="path" autoComplete="off" spellCheck={false} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item
                name="authorization"
                label="Authorization"
                rules={[
                  ...rules.requiredText,
                  { max: 1000, message: t('developer.maxLength', { max: 1000 }) },
                ]}
              >
                <Input.TextArea
                  name="authorization"
                  rows={3}
                  spellCheck={false}
                  placeholder="KAMENG-HMAC-SHA256 AppKey=…,Timestamp=…,Nonce=…,Signature=…"
                />
              </Form.Item>
              <Form.Item
                name="body"
                label={t('developer.signature.body')}
                extra={t('developer.signature.bodyHint')}
              >
                <Input.TextArea name="body" rows={6} spellCheck={false} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={check.isPending} data-testid="debug-submit">
                {t('developer.signature.check')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={13}>
          {check.isError ? <ErrorAlert error={check.error} /> : null}
          {check.data ? <DebugResult result={check.data} /> : null}
          {!check.data && !check.isError ? (
            <Card>
              <Typography.Text type="secondary">{t('developer.signature.nothingYet')}</Typography.Text>
            </Card>
          ) : null}
        </Col>
      </Row>
    </div>
  );
}

function DebugResult({ result: r }: { result: SignatureDebugResult }) {
  const { t } = useTranslation();
  return (
    <Card data-testid="debug-result" data-matches={String(r.matches)}>
      <Alert
        type={r.matches && r.problems.length === 0 ? 'success' : 'error'}
        showIcon
        style={{ marginBottom: 16 }}
        title={
          r.matches
            ? r.matchedSecret === 'previous'
              ? t('developer.signature.matchedPrevious')
              : t('developer.signature.matched')
            : t('developer.signature.mismatch')
        }
        description={
          r.problems.length > 0 ? (
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="debug-problems">
              {r.problems.map((p) => (
                <li key={p} data-problem={p}>
                  {t(`developer.signature.problems.${p}`, { skew: r.clockSkewSeconds ?? 0 })}
                </li>
              ))}
            </ul>
          ) : undefined
        }
      />
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('developer.signature.credential')}>
          {r.credential ? (
            <span>
              {r.credential.name} <Tag>{t(`developer.mode.${r.credential.mode}`)}</Tag>
            </span>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('developer.signature.clockSkew')}>
          {r.clockSkewSeconds === null ? '—' : t('developer.signature.seconds', { n: r.clockSkewSeconds })}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('developer.signature.canonical')}</Typography.Text>
      <CodeBlock testId="debug-canonical">
        {r.canonicalString ?? t('developer.signature.noCanonical')}
      </CodeBlock>
      <Typography.Text strong>{t('developer.signature.bodyHash')}</Typography.Text>
      <CodeBlock testId="debug-body-hash">{r.bodySha256}</CodeBlock>
      <Typography.Text strong>{t('developer.signature.expected')}</Typography.Text>
      <CodeBlock testId="debug-expected">{r.expectedSignature ?? '—'}</CodeBlock>
      <Typography.Text strong>{t('developer.signature.given')}</Typography.Text>
      <CodeBlock testId="debug-given">{r.providedSignature ?? '—'}</CodeBlock>
    </Card>
  );
}
