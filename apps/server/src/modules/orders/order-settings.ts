import type { DbOrTx } from '../../db/client';
import { getSettingCached } from '../settings/settings';

/** Checkout limits the operator may tune (setting `orders`). */
export interface OrderSettings {
  /** Minutes an unpaid order keeps its reservation. */
  expiryMinutes: number;
  /** Anti-hoarding: unpaid orders and reserved units one IP / one contact may hold at once. */
  maxUnpaidPerIp: number;
  maxUnpaidPerContact: number;
  maxReservedUnitsPerIp: number;
  maxReservedUnitsPerContact: number;
}

export const defaultOrderSettings: OrderSettings = {
  expiryMinutes: 10,
  maxUnpaidPerIp: 10,
  maxUnpaidPerContact: 5,
  maxReservedUnitsPerIp: 500,
  maxReservedUnitsPerContact: 200,
};

/** The checkout settings, defaults filled in (read through the settings cache: changes show within 2 s). */
export async function getOrderSettings(db: DbOrTx): Promise<OrderSettings> {
  return { ...defaultOrderSettings, ...(await getSettingCached<Partial<OrderSettings>>(db, 'orders')) };
}
