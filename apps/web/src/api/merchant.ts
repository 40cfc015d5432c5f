import type { z } from 'zod';
import type { Merchant, StaffMember, createStaffBody, updateStaffBody } from '@kameng/shared';
import { request } from './client';

/** The signed-in member's merchant. */
export function fetchMerchantProfile(): Promise<Merchant> {
  return request('GET', '/api/merchant/profile');
}

/** The merchant's owner and staff. */
export function fetchStaff(): Promise<{ items: StaffMember[] }> {
  return request('GET', '/api/merchant/staff');
}

/** Adds a staff account. */
export function createStaff(body: z.input<typeof createStaffBody>): Promise<StaffMember> {
  return request('POST', '/api/merchant/staff', body);
}

/** Changes a staff member's name, permissions or disabled flag. */
export function updateStaff(id: string, body: z.input<typeof updateStaffBody>): Promise<StaffMember> {
  return request('PATCH', '/api/merchant/staff/' + encodeURIComponent(id), body);
}

/** Removes a staff account. */
export async function deleteStaff(id: string): Promise<void> {
  await request('DELETE', '/api/merchant/staff/' + encodeURIComponent(id));
}
