import { Navigate, Outlet, useLocation } from 'react-router';
import { Forbidden } from './Forbidden';
import { RequireSignedIn } from './RequireSignedIn';

/**
 * Guards a console: signed-out users go to /login?next=…, users without the console's role see 403,
 * and a user who must enrol 2FA first is held on the console's security page.
 */
export function RequireConsole({ area }: { area: 'admin' | 'merchant' }) {
  const location = useLocation();
  const security = '/' + area + '/security';
  return (
    <RequireSignedIn>
      {(user) => {
        const allowed = area === 'admin' ? user.roles.includes('platform_admin') : user.merchant !== null;
        if (!allowed) return <Forbidden />;
        if (user.mfaEnrolmentRequired && location.pathname !== security) {
          return <Navigate to={security} replace />;
        }
        return <Outlet />;
      }}
    </RequireSignedIn>
  );
}
