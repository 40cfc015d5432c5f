import { and, eq } from 'drizzle-orm';
import { AppError } from '../../lib/app-error';
import type { Ctx } from '../../lib/ctx';
import { invalidAllowListEntries, normalizeAllowList } from './ip-allow-list';
import { apiCredentials } from './schema';

/**
 * One of the reseller's own credentials, locked for the change about to be made (inside a transaction);
 * another reseller's credential is simply not found.
 */
export async function lockOwnCredential(tx: Ctx, resellerId: string, id: string) {
  const [row] = await tx.db
    .select()
    .from(apiCredentials)
    .where(and(eq(apiCredentials.id, id), eq(apiCredentials.resellerId, resellerId)))
    .for('update');
  if (!row) throw new AppError('CREDENTIAL_NOT_FOUND');
  return row;
}

/** A validated, normalised allow-list, or IP_ALLOW_LIST_INVALID naming the entries that are not IPs or CIDRs. */
export function checkAllowList(entries: readonly string[]): string[] {
  const list = normalizeAllowList(entries);
  const invalid = invalidAllowListEntries(list);
  if (invalid.length) throw new AppError('IP_ALLOW_LIST_INVALID', { invalid });
  return list;
}

/** An expiry given in the console: must lie in the future (null: never expires). */
export function checkExpiry(expiresAt: string | null | undefined, now: Date): Date | null {
  if (!expiresAt) return null;
  const at = new Date(expiresAt);
  if (at.getTime() <= now.getTime()) {
    throw new AppError('VALIDATION_FAILED', {
      issues: [{ path: '/expiresAt', message: 'must be in the future' }],
    });
  }
  return at;
}
