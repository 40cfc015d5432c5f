import type { ReactNode } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { StorefrontHeader } from './StorefrontHeader';

/** The frame of every storefront page: header with search, content, footer. */
export function StoreShell({ testId, children }: { testId: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="store-page" data-testid={testId}>
      <StorefrontHeader />
      <main className="store-main">{children}</main>
      <footer className="store-footer">
        <Typography.Text type="secondary">{t('storefront.footer')}</Typography.Text>
      </footer>
    </div>
  );
}
