import type { Me } from '@kameng/shared';

/** Where a user lands after signing in: admin console, merchant console or the storefront. */
export function homePath(user: Me): string {
  if (user.roles.includes('platform_admin')) return '/admin';
  if (user.merchant) return '/merchant';
  return '/';
}

/** The security page of the user's console (the storefront has none). */
export function securityPath(user: Me): string | null {
  const home = homePath(user);
  return home === '/' ? null : home + '/security';
}

/** Only same-origin paths are followed after sign-in (no `//evil.example`). */
function isSafeNext(next: string | null): next is string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return false;
  return !/^\/(login|setup|register)(\/|\?|$)/.test(next);
}

/** The path to open after sign-in, honouring `?next=` when it is within the user's own area. */
export function afterLoginPath(user: Me, next: string | null): string {
  const security = securityPath(user);
  if (user.mfaEnrolmentRequired && security) return security;
  const home = homePath(user);
  if (isSafeNext(next)) {
    const inConsole = next === home || next.startsWith(home + '/') || next.startsWith(home + '?');
    const isOtherConsole = /^\/(admin|merchant)(\/|\?|$)/.test(next);
    if ((home !== '/' && inConsole) || !isOtherConsole) return next;
  }
  return home;
}
