import type { Me } from '@kameng/shared';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/queries';
import { ErrorAlert } from './ErrorAlert';
import { PageLoading } from './PageLoading';

/**
 * Guards a console for signed-in users: signed-out users go to /login?next=…. Renders `children` with
 * the user when given (a console's own checks), else the route's outlet — as the developer console
 * does, where whether the user is a reseller is the server's answer (the overview query), because `Me`
 * does not carry it.
 */
export function RequireSignedIn({ children }: { children?: (user: Me) => ReactNode }) {
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <PageLoading />;
  if (me.isError) {
    return (
      <div style={{ padding: 24 }}>
        <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={'/login?next=' + encodeURIComponent(next)} replace />;
  }
  return children ? children(me.data) : <Outlet />;
}
