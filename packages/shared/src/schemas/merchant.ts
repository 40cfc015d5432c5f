import { z } from 'zod';
import { merchantPermissions, merchantStatuses } from '../permissions';
import { email, newPassword } from './common';

export const merchant = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(['individual', 'company']),
  status: z.enum(merchantStatuses),
  contactEmail: z.string(),
  contactPhone: z.string().nullable(),
  agreementVersion: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type Merchant = z.infer<typeof merchant>;

export const staffMember = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['owner', 'staff']),
  permissions: z.array(z.enum(merchantPermissions)),
  disabled: z.boolean(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type StaffMember = z.infer<typeof staffMember>;

export const createStaffBody = z.strictObject({
  email,
  displayName: z.string().trim().min(1).max(60),
  password: newPassword,
  permissions: z.array(z.enum(merchantPermissions)).max(merchantPermissions.length),
});

export const updateStaffBody = z.strictObject({
  displayName: z.string().trim().min(1).max(60).optional(),
  permissions: z.array(z.enum(merchantPermissions)).max(merchantPermissions.length).optional(),
  disabled: z.boolean().optional(),
});

export const merchantListQuery = z.strictObject({
  status: z.enum(merchantStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const setMerchantStatusBody = z.strictObject({
  status: z.enum(['active', 'suspended', 'banned']),
  reason: z.string().trim().min(2).max(500),
});
