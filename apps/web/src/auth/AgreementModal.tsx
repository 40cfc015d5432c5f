import { merchantAgreementVersion } from '@kameng/shared';
import { Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** The merchant agreement version the registration form accepts. */
/** The agreement version the server requires (shared with it). */
export const AGREEMENT_VERSION = merchantAgreementVersion;

const paragraphs = ['p1', 'p2', 'p3', 'p4', 'p5'] as const;

/** The merchant agreement (入驻协议), shown from the registration form. */
export function AgreementModal(props: { open: boolean; onClose: () => void; onAccept: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={props.open}
      title={t('auth.agreement.title')}
      onCancel={props.onClose}
      onOk={props.onAccept}
      okText={t('auth.agreement.accept')}
      cancelText={t('common.close')}
      // On the dialog itself: the modal root is zero-sized, so a test id there never counts as visible.
      modalRender={(node) => <div data-testid="agreement-modal">{node}</div>}
    >
      <Typography.Text type="secondary">
        {t('auth.agreement.version', { version: AGREEMENT_VERSION })}
      </Typography.Text>
      <ol className="agreement-list">
        {paragraphs.map((p) => (
          <li key={p}>{t(`auth.agreement.${p}`)}</li>
        ))}
      </ol>
    </Modal>
  );
}
