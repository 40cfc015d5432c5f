import type { z } from 'zod';
import type {
  AuditEntry,
  AuditVerifyResult,
  Merchant,
  MerchantStatus,
  PlatformSettings,
  setMerchantStatusBody,
  updatePlatformSettingsBody,
} from '@kameng/shared';
import { query, request } from './client';

/** Merchants, optionally filtered by status. */
export function fetchMerchants(params: {
  status?: MerchantStatus;
  limit?: number;
}): Promise<{ items: Merchant[] }> {
  return request('GET', '/api/admin/merchants' + query(params));
}

/** Activates, suspends or bans a merchant, with a reason for the audit log. */
export function setMerchantStatus(
  id: string,
  body: z.input<typeof setMerchantStatusBody>,
): Promise<Merchant> {
  return request('POST', '/api/admin/merchants/' + encodeURIComponent(id) + '/status', body);
}

/** A page of the audit log, newest first; `before` is the id of the last entry already shown. */
export function fetchAudit(params: { action?: string; before?: number; limit?: number }): Promise<{
  items: AuditEntry[];
}> {
  return request('GET', '/api/admin/audit' + query(params));
}

/** Re-computes the audit hash chain. */
export function verifyAudit(): Promise<AuditVerifyResult> {
  return request('POST', '/api/admin/audit/verify');
}

/** Platform-wide settings. */
export function fetchSettings(): Promise<PlatformSettings> {
  return request('GET', '/api/admin/settings');
}

/** Saves platform-wide settings. */
export function saveSettings(body: z.input<typeof updatePlatformSettingsBody>): Promise<PlatformSettings> {
  return request('PUT', '/api/admin/settings', body);
}
