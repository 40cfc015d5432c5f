import { useState, type ReactNode } from 'react';
import { DownOutlined, LogoutOutlined, MenuOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useMe, useSite } from '../api/queries';
import { useLogout } from '../auth/use-logout';
import { LangSwitch } from './LangSwitch';

/** A console menu entry; `key` is the route path. */
export interface ConsoleMenuItem {
  key: string;
  icon: ReactNode;
  label: string;
}

/** Picks the menu entry whose path is the longest prefix of the current path. */
function selectedKey(pathname: string, items: ConsoleMenuItem[]): string[] {
  const match = items
    .filter((i) => pathname === i.key || pathname.startsWith(i.key + '/'))
    .sort((a, b) => b.key.length - a.key.length)[0];
  return match ? [match.key] : [];
}

/** The frame shared by the admin and merchant consoles: side menu, header with language and user menu. */
export function ConsoleLayout(props: {
  testId: string;
  title: string;
  basePath: string;
  items: ConsoleMenuItem[];
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMe();
  const site = useSite();
  const logout = useLogout();
  // Below the lg breakpoint the menu is an overlay opened from the header button.
  const [collapsed, setCollapsed] = useState(() => window.innerWidth < 992);
  const user = me.data;

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid={props.testId}>
      <Layout.Sider
        breakpoint="lg"
        collapsedWidth={0}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        trigger={null}
        theme="dark"
        className="console-sider"
      >
        <div className="console-brand">
          <Link to="/">{site.data?.siteName ?? t('app.brand')}</Link>
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selectedKey(location.pathname, props.items)}
          items={props.items.map((i) => ({ key: i.key, icon: i.icon, label: i.label }))}
          onClick={({ key }) => {
            void navigate(key);
            if (window.innerWidth < 992) setCollapsed(true);
          }}
        />
      </Layout.Sider>
      {collapsed ? null : <div className="console-mask" onClick={() => setCollapsed(true)} aria-hidden />}
      <Layout>
        <Layout.Header className="console-header">
          <Space size="small" style={{ minWidth: 0 }}>
            <Button
              type="text"
              icon={<MenuOutlined />}
              className="console-menu-toggle"
              aria-label={t('console.toggleMenu')}
              onClick={() => setCollapsed(!collapsed)}
            />
            <Typography.Text strong className="console-title">
              {props.title}
            </Typography.Text>
          </Space>
          <Space size="small" wrap={false}>
            <LangSwitch />
            {user ? (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: [
                    { key: 'email', label: user.email, disabled: true, icon: <UserOutlined /> },
                    { type: 'divider' },
                    { key: 'security', label: t('console.menu.security'), icon: <SafetyOutlined /> },
                  ],
                  onClick: ({ key }) => {
                    if (key === 'security') void navigate(props.basePath + '/security');
                  },
                }}
              >
                <Button type="text" data-testid="user-menu">
                  <Space size={4}>
                    <UserOutlined />
                    <span className="console-user-name">{user.displayName}</span>
                    <DownOutlined />
                  </Space>
                </Button>
              </Dropdown>
            ) : null}
            <Button
              type="text"
              icon={<LogoutOutlined />}
              data-testid="logout"
              loading={logout.isPending}
              onClick={() => logout.mutate()}
            >
              <span className="console-logout-label">{t('console.logout')}</span>
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="console-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
