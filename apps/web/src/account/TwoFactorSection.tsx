import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Me } from '@kameng/shared';
import { App, Card, Divider, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { queryKeys } from '../api/queries';
import { DisableTwoFactor } from './DisableTwoFactor';
import { EnableTwoFactor } from './EnableTwoFactor';
import { RecoveryCodes } from './RecoveryCodes';

/** The 2FA card: enrolment when off, status (and disabling, except for admins) when on. */
export function TwoFactorSection({ user }: { user: Me }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  // Kept here, not in EnableTwoFactor: refreshing `me` flips the card to "on" and must not hide the codes.
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const refreshMe = () => void queryClient.invalidateQueries({ queryKey: queryKeys.me });
  const isAdmin = user.roles.includes('platform_admin');

  const status = user.totpEnabled ? (
    <Tag color="success" data-testid="totp-status">
      {t('security.twoFactor.statusOn')}
    </Tag>
  ) : (
    <Tag data-testid="totp-status">{t('security.twoFactor.statusOff')}</Tag>
  );

  let body;
  if (recoveryCodes) {
    body = <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />;
  } else if (!user.totpEnabled) {
    body = (
      <EnableTwoFactor
        onEnabled={(codes) => {
          setRecoveryCodes(codes);
          void message.success(t('security.twoFactor.enabled'));
          refreshMe();
        }}
      />
    );
  } else if (isAdmin) {
    body = <Typography.Text type="secondary">{t('security.twoFactor.adminCannotDisable')}</Typography.Text>;
  } else {
    body = (
      <>
        <Typography.Paragraph type="secondary">{t('security.twoFactor.onHint')}</Typography.Paragraph>
        <Divider titlePlacement="start" plain>
          {t('security.twoFactor.disableTitle')}
        </Divider>
        <DisableTwoFactor
          onDisabled={() => {
            void message.success(t('security.twoFactor.disabled'));
            refreshMe();
          }}
        />
      </>
    );
  }

  return (
    <Card
      title={
        <Space>
          {t('security.twoFactor.title')}
          {status}
        </Space>
      }
    >
      {body}
    </Card>
  );
}
