import type { ApiCredential, ApiScope, CredentialState } from '@kameng/shared';
import type { apiCredentials } from './schema';

type CredentialRow = typeof apiCredentials.$inferSelect;

/** Whether a credential can sign now: revoked wins over expired. */
export function credentialState(
  row: Pick<CredentialRow, 'status' | 'expiresAt'>,
  now: Date,
): CredentialState {
  if (row.status === 'revoked') return 'revoked';
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

/** The console shape of a credential (never its secret). */
export function credentialDto(row: CredentialRow, now: Date): ApiCredential {
  const overlap =
    row.prevSecretEnc && row.prevSecretExpiresAt && row.prevSecretExpiresAt.getTime() > now.getTime()
      ? row.prevSecretExpiresAt.toISOString()
      : null;
  return {
    id: row.id,
    name: row.name,
    mode: row.mode,
    appKey: row.appKey,
    scopes: row.scopes as ApiScope[],
    ipAllowList: row.ipAllowList,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    state: credentialState(row, now),
    rateLimitPerMinute: row.rateLimitPerMinute,
    previousSecretValidUntil: overlap,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
