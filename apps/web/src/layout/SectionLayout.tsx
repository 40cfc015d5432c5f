import type { ParseKeys } from 'i18next';
import type { ReactNode } from 'react';
import { Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';

/** One tab of a section: its route, the id in its test id (`<prefix>-tab-<id>`) and its i18n label key. */
export interface SectionTab {
  key: string;
  id: string;
  label: ParseKeys;
}

/**
 * A console section whose tabs are routes: the title, anything shown above the tabs, the tabs (the
 * current path picks the active one; a path without a tab of its own belongs to the first), the page.
 */
export function SectionLayout(props: {
  testId: string;
  title: string;
  tabs: readonly SectionTab[];
  tabPrefix: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const path = pathname.replace(/\/$/, '');
  const active = props.tabs.find((tab) => tab.key === path)?.key ?? props.tabs[0]?.key;
  return (
    <div data-testid={props.testId}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {props.title}
      </Typography.Title>
      {props.children}
      <Tabs
        style={props.children ? { marginTop: 16 } : undefined}
        activeKey={active}
        onChange={(key) => void navigate(key)}
        items={props.tabs.map((tab) => ({
          key: tab.key,
          label: <span data-testid={`${props.tabPrefix}-tab-${tab.id}`}>{t(tab.label)}</span>,
        }))}
      />
      <Outlet />
    </div>
  );
}
