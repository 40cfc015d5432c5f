import type { ApiMode } from '@kameng/shared';
import type { Ctx } from '../../lib/ctx';
import { resellerOf } from '../resellers/reseller-of';

/** Whose webhooks a caller manages: the reseller, and for a signed API call its credential's mode. */
export interface WebhookCaller {
  resellerId: string;
  /** Set for an API credential: it sees and writes only endpoints (and deliveries) of its own mode. */
  mode?: ApiMode;
  /** The API credential acting (recorded in the audit log, which has no user for it). */
  credentialId?: string;
}

/**
 * The caller of a webhook-management function: a signed API request (its credential's reseller and
 * mode; the signature check already refused suspended accounts) or a signed-in reseller (both modes).
 */
export async function callerReseller(ctx: Ctx): Promise<WebhookCaller> {
  const a = ctx.actor;
  if (a.kind === 'api') return { resellerId: a.resellerId, mode: a.mode, credentialId: a.credentialId };
  return { resellerId: await resellerOf(ctx) };
}

/** Audit data naming the API credential that acted, if one did. */
export function viaCredential(caller: WebhookCaller): { credentialId?: string } {
  return caller.credentialId ? { credentialId: caller.credentialId } : {};
}
