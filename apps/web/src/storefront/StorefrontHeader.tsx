import { useEffect, useState } from 'react';
import { ApiOutlined, FileSearchOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useMe, useSite } from '../api/queries';
import { homePath } from '../auth/home-path';
import { LangSwitch } from '../layout/LangSwitch';

/** The storefront's top bar: site name, search box, language switch, sign-in / join links (or the console link). */
export function StorefrontHeader() {
  const { t } = useTranslation();
  const site = useSite();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const currentQ = location.pathname === '/search' ? (params.get('q') ?? '') : '';
  const [q, setQ] = useState(currentQ);
  useEffect(() => setQ(currentQ), [currentQ]);
  const go = (value: string) => {
    const term = value.trim();
    if (term) void navigate('/search?q=' + encodeURIComponent(term));
  };
  const user = me.data;
  const consolePath = user ? homePath(user) : '/';
  return (
    <header className="store-header">
      <div className="store-header-row">
        <Link to="/" className="store-brand">
          {site.data?.siteName ?? t('app.brand')}
        </Link>
        <Space size={4} style={{ flexShrink: 0 }}>
          <Link to="/lookup" data-testid="nav-lookup" title={t('checkout.lookup.nav')}>
            <Button type="text" icon={<FileSearchOutlined />} aria-label={t('checkout.lookup.nav')} />
          </Link>
          <LangSwitch />
          {user && consolePath !== '/admin' ? (
            // Resellers (and merchants acting as one) reach their developer console from here.
            <Link to="/developer" data-testid="nav-developer" title={t('developer.title')}>
              <Button type="text" icon={<ApiOutlined />} aria-label={t('developer.title')} />
            </Link>
          ) : null}
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
      </div>
      <div role="search" className="store-search">
        <Space.Compact style={{ width: '100%' }}>
          <Input
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onPressEnter={() => go(q)}
            placeholder={t('store.searchPlaceholder')}
            aria-label={t('store.searchPlaceholder')}
            allowClear
            maxLength={80}
            name="q"
            type="search"
            enterKeyHint="search"
            data-testid="store-search-input"
          />
          <Button
            type="primary"
            icon={<SearchOutlined />}
            onClick={() => go(q)}
            aria-label={t('store.search')}
          />
        </Space.Compact>
      </div>
    </header>
  );
}
