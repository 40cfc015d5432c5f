import { useEffect, useRef } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { CardKey } from '@kameng/shared';
import { Alert, Modal, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { revealKey } from '../../api/inventory';
import { ErrorAlert } from '../../layout/ErrorAlert';

/** Reveals one key (the server audits it) and shows the secret. */
export function RevealKeyModal({ cardKey, onClose }: { cardKey: CardKey; onClose: () => void }) {
  const { t } = useTranslation();
  const reveal = useMutation({ mutationFn: () => revealKey(cardKey.id) });
  const { mutate } = reveal;
  // One reveal per opening (StrictMode runs effects twice in development; each reveal is audited).
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    mutate();
  }, [mutate]);
  return (
    <Modal open title={t('keys.reveal.title')} footer={null} onCancel={onClose} destroyOnHidden>
      <div data-testid="reveal-modal">
        <Alert type="warning" showIcon title={t('keys.reveal.audited')} style={{ marginBottom: 12 }} />
        {reveal.isPending ? <Spin /> : null}
        {reveal.isError ? <ErrorAlert error={reveal.error} /> : null}
        {reveal.data ? (
          <Typography.Paragraph copyable={{ text: reveal.data.secret }} className="mono revealed-secret">
            <span data-testid="revealed-secret">{reveal.data.secret}</span>
          </Typography.Paragraph>
        ) : null}
      </div>
    </Modal>
  );
}
