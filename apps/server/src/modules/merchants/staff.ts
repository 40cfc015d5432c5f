import type { MerchantPermission, StaffMember } from '@kameng/shared';
import { and, asc, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import { requireUser, tenantOf, withTx, type Ctx } from '../../lib/ctx';
import { createUser } from '../accounts/create-user';
import { users } from '../accounts/schema';
import { revokeUserSessions } from '../accounts/sessions';
import { appendAudit } from '../audit/append-audit';
import { merchantMembers } from './schema';

const PERMISSION = 'staff.manage';

function select(ctx: Ctx) {
  return ctx.db
    .select({
      member: merchantMembers,
      email: users.email,
      displayName: users.displayName,
      disabled: users.disabled,
    })
    .from(merchantMembers)
    .innerJoin(users, eq(users.id, merchantMembers.userId));
}

type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

function dto(r: Row): StaffMember {
  return {
    id: r.member.id,
    userId: r.member.userId,
    email: r.email,
    displayName: r.displayName,
    role: r.member.role,
    permissions: r.member.permissions as MerchantPermission[],
    disabled: r.disabled,
    createdAt: r.member.createdAt.toISOString(),
  };
}

/** The merchant's members (owner and staff). */
export async function listStaff(ctx: Ctx): Promise<StaffMember[]> {
  const merchantId = tenantOf(ctx, PERMISSION);
  const rows = await select(ctx)
    .where(eq(merchantMembers.merchantId, merchantId))
    .orderBy(asc(merchantMembers.createdAt));
  return rows.map(dto);
}

/** One member of the actor's merchant; another merchant's member is NOT_FOUND. */
export async function getStaff(ctx: Ctx, id: string): Promise<StaffMember> {
  const merchantId = tenantOf(ctx, PERMISSION);
  return dto(await findMember(ctx, merchantId, id));
}

async function findMember(ctx: Ctx, merchantId: string, id: string): Promise<Row> {
  const [row] = await select(ctx).where(
    and(eq(merchantMembers.id, id), eq(merchantMembers.merchantId, merchantId)),
  );
  if (!row) throw new AppError('NOT_FOUND');
  return row;
}

/** Staff may only hand out permissions they hold themselves; owners hold all. */
function assertCanGrant(ctx: Ctx, permissions: MerchantPermission[]): void {
  const m = requireUser(ctx).membership;
  if (m?.role === 'owner') return;
  const missing = permissions.filter((p) => !m?.permissions.includes(p));
  if (missing.length) throw new AppError('AUTH_FORBIDDEN', { permissions: missing });
}

/** Adds a staff account to the actor's merchant with the chosen permissions. */
export async function createStaff(
  ctx: Ctx,
  input: { email: string; displayName: string; password: string; permissions: MerchantPermission[] },
): Promise<StaffMember> {
  const merchantId = tenantOf(ctx, PERMISSION);
  const permissions = [...new Set(input.permissions)];
  assertCanGrant(ctx, permissions);
  return withTx(ctx, async (tx) => {
    const userId = await createUser(tx, input);
    const [member] = await tx.db
      .insert(merchantMembers)
      .values({ merchantId, userId, role: 'staff', permissions })
      .returning({ id: merchantMembers.id });
    await appendAudit(tx, {
      action: 'staff.created',
      targetType: 'staff',
      targetId: member!.id,
      merchantId,
      data: { email: input.email, permissions },
    });
    return dto(await findMember(tx, merchantId, member!.id));
  });
}

/** Changes a staff member's name, permissions or disabled flag; the owner and oneself are off limits. */
export async function updateStaff(
  ctx: Ctx,
  id: string,
  patch: {
    displayName?: string | undefined;
    permissions?: MerchantPermission[] | undefined;
    disabled?: boolean | undefined;
  },
): Promise<StaffMember> {
  const merchantId = tenantOf(ctx, PERMISSION);
  return withTx(ctx, async (tx) => {
    const row = await findEditable(tx, merchantId, id);
    if (patch.permissions) {
      const permissions = [...new Set(patch.permissions)];
      assertCanGrant(ctx, permissions);
      await tx.db.update(merchantMembers).set({ permissions }).where(eq(merchantMembers.id, id));
      await appendAudit(tx, {
        action: 'staff.permissions_changed',
        targetType: 'staff',
        targetId: id,
        merchantId,
        data: { from: row.member.permissions, to: permissions },
      });
    }
    if (patch.displayName !== undefined || patch.disabled !== undefined) {
      await tx.db
        .update(users)
        .set({ displayName: patch.displayName ?? row.displayName, disabled: patch.disabled ?? row.disabled })
        .where(eq(users.id, row.member.userId));
    }
    if (patch.disabled !== undefined && patch.disabled !== row.disabled) {
      if (patch.disabled) await revokeUserSessions(tx.db, row.member.userId);
      await appendAudit(tx, {
        action: patch.disabled ? 'staff.disabled' : 'staff.enabled',
        targetType: 'staff',
        targetId: id,
        merchantId,
      });
    }
    return dto(await findMember(tx, merchantId, id));
  });
}

/** Removes a staff member and their account. */
export async function deleteStaff(ctx: Ctx, id: string): Promise<void> {
  const merchantId = tenantOf(ctx, PERMISSION);
  await withTx(ctx, async (tx) => {
    const row = await findEditable(tx, merchantId, id);
    await tx.db.delete(users).where(eq(users.id, row.member.userId));
    await appendAudit(tx, {
      action: 'staff.deleted',
      targetType: 'staff',
      targetId: id,
      merchantId,
      data: { email: row.email },
    });
  });
}

async function findEditable(ctx: Ctx, merchantId: string, id: string): Promise<Row> {
  const row = await findMember(ctx, merchantId, id);
  if (row.member.userId === requireUser(ctx).userId) throw new AppError('STAFF_SELF_CHANGE');
  if (row.member.role === 'owner') throw new AppError('AUTH_FORBIDDEN');
  return row;
}
