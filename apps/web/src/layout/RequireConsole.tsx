import { Navigate, Outlet, useLocation } from 'react-router';
import { useMe } from '../api/queries';
import { ErrorAlert } from './ErrorAlert';
import { Forbidden } from './Forbidden';
import { PageLoading } from './PageLoading';

/**
 * Guards a console: signed-out users go to /login?next=…, users without the console's role see 403,
 * and a user who must enrol 2FA first is held on the console's security page.
 */
export function RequireConsole({ area }: { area: 'admin' | 'merchant' }) {
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
  const user = me.data;
  if (!user) {
    const next = location.pathname + location.search;
    return <Navigate to={'/login?next=' + encodeURIComponent(next)} replace />;
  }
  const allowed = area === 'admin' ? user.roles.includes('platform_admin') : user.merchant !== null;
  if (!allowed) return <Forbidden />;
  const security = '/' + area + '/security';
  if (user.mfaEnrolmentRequired && location.pathname !== security) {
    return <Navigate to={security} replace />;
  }
  return <Outlet />;
}
