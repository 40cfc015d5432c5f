import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shows the one-time recovery codes with copy and download; `onDone` hides them for good. */
export function RecoveryCodes(props: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const text = props.codes.join('\n') + '\n';

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      void message.success(t('common.copied'));
    } catch {
      void message.error(t('security.twoFactor.copyFailed'));
    }
  };

  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'kameng-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert
        type="warning"
        showIcon
        title={t('security.twoFactor.recoveryTitle')}
        description={t('security.twoFactor.recoveryHint')}
      />
      <ul className="recovery-codes" data-testid="recovery-codes">
        {props.codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <Space wrap>
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          {t('security.twoFactor.copyAll')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={download}>
          {t('common.download')}
        </Button>
        <Button type="primary" onClick={props.onDone} data-testid="recovery-codes-done">
          {t('security.twoFactor.savedCodes')}
        </Button>
      </Space>
    </Space>
  );
}
