import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/queries';
import { ErrorAlert } from '../layout/ErrorAlert';
import { PageLoading } from '../layout/PageLoading';

/**
 * Guards the developer console: signed-out users go to /login?next=…. Whether the user is a reseller is
 * the server's answer (the overview query), shown by the layout, because `Me` does not carry it.
 */
export function RequireSignedIn() {
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
  return <Outlet />;
}
