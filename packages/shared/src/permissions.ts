/**
 * What a merchant's staff member may be granted. The owner holds every permission.
 * Later domains add theirs here so the console and the server share one list.
 */
export const merchantPermissions = [
  'staff.manage',
  'settings.manage',
  'catalog.read',
  'catalog.write',
  'keys.import',
  'keys.reveal',
  'keys.export',
  'orders.read',
  'orders.manage',
  'aftersales.handle',
  'finance.read',
  'finance.withdraw',
  'audit.read',
] as const;

export type MerchantPermission = (typeof merchantPermissions)[number];

/** The roles a signed-in user can hold. */
export const roles = ['platform_admin', 'merchant_owner', 'merchant_staff', 'reseller'] as const;
export type Role = (typeof roles)[number];

/** A merchant (tenant) lifecycle status. */
export const merchantStatuses = ['pending_review', 'active', 'suspended', 'banned'] as const;
export type MerchantStatus = (typeof merchantStatuses)[number];

/** The merchant agreement (入驻协议) version a registration must accept. */
export const merchantAgreementVersion = '2026-11';
