import type { Me, MerchantPermission } from '@kameng/shared';

/** True when the user is the merchant's owner or a staff member granted `permission`. */
export function hasPermission(user: Me | null | undefined, permission: MerchantPermission): boolean {
  const m = user?.merchant;
  if (!m) return false;
  return m.role === 'owner' || m.permissions.includes(permission);
}
