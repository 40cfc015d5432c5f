import type { MerchantPermission } from '@kameng/shared';
import { useMe } from '../api/queries';
import { hasPermission } from './has-permission';

/** Whether the signed-in member holds `permission` (owners hold all). */
export function useCan(permission: MerchantPermission): boolean {
  const me = useMe();
  return hasPermission(me.data, permission);
}
