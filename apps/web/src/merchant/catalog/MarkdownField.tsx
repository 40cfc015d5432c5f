import { useQuery } from '@tanstack/react-query';
import { Col, Form, Input, Row, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { renderMarkdown } from '../../api/catalog';
import { ErrorAlert } from '../../layout/ErrorAlert';
import { useDebounced } from '../../lib/use-debounced';

/** The Markdown description with a live preview rendered (and sanitised) by the server. */
export function MarkdownField() {
  const { t } = useTranslation();
  const markdown = Form.useWatch<string | undefined>('description') ?? '';
  const debounced = useDebounced(markdown, 400);
  const preview = useQuery({
    queryKey: ['merchant', 'render-markdown', debounced],
    queryFn: () => renderMarkdown(debounced),
    enabled: debounced.trim().length > 0,
    staleTime: Infinity,
  });

  let body;
  if (!debounced.trim())
    body = <Typography.Text type="secondary">{t('catalog.product.previewEmpty')}</Typography.Text>;
  else if (preview.isPending) body = <Spin size="small" />;
  else if (preview.isError)
    body = <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} />;
  else
    body = (
      // The HTML comes from the server's Markdown renderer, which sanitises it (no scripts, no event handlers).
      <div className="rich-text" dangerouslySetInnerHTML={{ __html: preview.data.html }} />
    );

  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Form.Item
          name="description"
          label={t('catalog.product.description')}
          extra={t('catalog.product.markdownHint')}
        >
          <Input.TextArea name="description" autoSize={{ minRows: 8, maxRows: 24 }} maxLength={50000} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <div className="ant-form-item-label">
          <label>{t('catalog.product.preview')}</label>
        </div>
        <div className="markdown-preview" data-testid="markdown-preview">
          {body}
        </div>
      </Col>
    </Row>
  );
}
