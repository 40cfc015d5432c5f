import type { CredentialState } from '@kameng/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const colors: Record<CredentialState, string> = { active: 'success', expired: 'warning', revoked: 'default' };

/** Whether a credential can sign requests now. */
export function CredentialStateTag({ state }: { state: CredentialState }) {
  const { t } = useTranslation();
  return (
    <Tag color={colors[state]} data-testid="credential-state" data-state={state}>
      {t(`developer.credentialState.${state}`)}
    </Tag>
  );
}

/** Sandbox or live, as a tag. */
export function ModeTag({ mode }: { mode: 'sandbox' | 'live' }) {
  const { t } = useTranslation();
  return (
    <Tag color={mode === 'live' ? 'red' : 'blue'} data-testid="credential-mode-tag" data-mode={mode}>
      {t(`developer.mode.${mode}`)}
    </Tag>
  );
}
