import type { ReactNode } from 'react';
import { Card, Typography } from 'antd';
import { StorefrontHeader } from '../storefront/StorefrontHeader';

/** The frame of the sign-in, registration and setup pages: storefront header and a centered card. */
export function AuthShell(props: { title: string; subtitle?: string; testId?: string; children: ReactNode }) {
  return (
    <div className="store-page" data-testid={props.testId}>
      <StorefrontHeader />
      <main className="auth-main">
        <Card className="auth-card">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {props.title}
          </Typography.Title>
          {props.subtitle ? (
            <Typography.Paragraph type="secondary">{props.subtitle}</Typography.Paragraph>
          ) : null}
          {props.children}
        </Card>
      </main>
    </div>
  );
}
