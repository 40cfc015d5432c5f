import type { Me, MerchantPermission, Role } from '@kameng/shared';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../lib/app-error';
import { merchantMembers, merchants } from '../merchants/schema';
import { users } from './schema';

/** The signed-in user as the console sees it (roles, merchant membership, 2FA state). */
export async function loadMe(db: DbOrTx, userId: string, csrfToken: string): Promise<Me> {
  const [row] = await db
    .select({
      user: users,
      merchantId: merchants.id,
      merchantName: merchants.name,
      merchantStatus: merchants.status,
      role: merchantMembers.role,
      permissions: merchantMembers.permissions,
    })
    .from(users)
    .leftJoin(merchantMembers, eq(merchantMembers.userId, users.id))
    .leftJoin(merchants, eq(merchants.id, merchantMembers.merchantId))
    .where(eq(users.id, userId));
  if (!row) throw new AppError('AUTH_REQUIRED');
  const { user } = row;
  const roles: Role[] = [];
  if (user.isPlatformAdmin) roles.push('platform_admin');
  if (row.role === 'owner') roles.push('merchant_owner');
  if (row.role === 'staff') roles.push('merchant_staff');
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    locale: user.locale,
    roles,
    merchant:
      row.merchantId && row.merchantName && row.merchantStatus && row.role
        ? {
            id: row.merchantId,
            name: row.merchantName,
            status: row.merchantStatus,
            role: row.role,
            permissions: (row.permissions ?? []) as MerchantPermission[],
          }
        : null,
    totpEnabled: user.totpEnabledAt !== null,
    mfaEnrolmentRequired: user.isPlatformAdmin && user.totpEnabledAt === null,
    csrfToken,
  };
}
