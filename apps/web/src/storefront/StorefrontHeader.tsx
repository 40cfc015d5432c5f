import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe, useSite } from '../api/queries';
import { homePath } from '../auth/home-path';
import { LangSwitch } from '../layout/LangSwitch';

/** The storefront's top bar: site name, language switch, sign-in / join links (or the console link). */
export function StorefrontHeader() {
  const { t } = useTranslation();
  const site = useSite();
  const me = useMe();
  const user = me.data;
  const consolePath = user ? homePath(user) : '/';
  return (
    <header className="store-header">
      <Link to="/" className="store-brand">
        {site.data?.siteName ?? t('app.brand')}
      </Link>
      <Space size={4} style={{ flexShrink: 0 }}>
        <LangSwitch />
        {user && consolePath !== '/' ? (
          <Link to={consolePath}>
            <Button type="primary">{t('storefront.nav.console')}</Button>
          </Link>
        ) : null}
        {!user ? (
          <>
            <Link to="/login" data-testid="nav-login">
              <Button type="text">{t('storefront.nav.login')}</Button>
            </Link>
            <Link to="/register" data-testid="nav-register">
              <Button type="primary">{t('storefront.nav.register')}</Button>
            </Link>
          </>
        ) : null}
      </Space>
    </header>
  );
}
