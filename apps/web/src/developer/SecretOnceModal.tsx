import type { ReactNode } from 'react';
import { Alert, Button, Descriptions, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../checkout/CopyButton';

/** One line of the modal: a label and a value to copy (the secret or its public companion). */
export interface SecretRow {
  label: string;
  value: string;
  testId: string;
}

/**
 * Shows a freshly issued secret (AppSecret, webhook signing secret) the only time it exists in clear
 * outside the server. It closes only through its button (no mask click, no Esc), and the caller drops
 * the secret from memory on close.
 */
export function SecretOnceModal({
  title,
  rows,
  note,
  onClose,
}: {
  title: string;
  rows: SecretRow[];
  note?: ReactNode;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      width={640}
      modalRender={(node) => <div data-testid="secret-modal">{node}</div>}
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-done">
          {t('developer.secret.done')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('developer.secret.warning')} style={{ marginBottom: 16 }} />
      {note ? <Typography.Paragraph type="secondary">{note}</Typography.Paragraph> : null}
      <Descriptions size="small" column={1} bordered>
        {rows.map((r) => (
          <Descriptions.Item key={r.testId} label={r.label}>
            <Space wrap>
              <Typography.Text code data-testid={r.testId} style={{ wordBreak: 'break-all' }}>
                {r.value}
              </Typography.Text>
              <CopyButton text={r.value} testId={`copy-${r.testId}`} />
            </Space>
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Modal>
  );
}
