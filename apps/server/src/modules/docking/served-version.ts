import { API_STABLE_VERSION, apiVersions, type ApiVersion } from '@kameng/shared';
import { createHash } from 'node:crypto';

/** The admin's rollout of the next version (the api_rollout row; defaults when it does not exist). */
export interface RolloutSettings {
  nextVersion: string;
  percent: number;
  allowList: readonly string[];
}

/** No rollout row yet: nobody gets the next version early. */
export const NO_ROLLOUT: RolloutSettings = { nextVersion: '1.1', percent: 0, allowList: [] };

/** A stable 0–99 bucket for an account: the first 32 bits of SHA-256(id) mod 100 (the same in every process). */
export function stableBucket(resellerId: string): number {
  return createHash('sha256').update(resellerId).digest().readUInt32BE(0) % 100;
}

function known(v: string | null | undefined): ApiVersion | null {
  return v && (apiVersions as readonly string[]).includes(v) ? (v as ApiVersion) : null;
}

/**
 * The protocol version served to an account (灰度): the admin's pin if any; else the next version when
 * the account is on the rollout's allow-list or its stable bucket falls below the rollout percentage;
 * else the stable version.
 */
export function servedVersion(
  reseller: { id: string; apiVersion: string | null },
  rollout: RolloutSettings | null,
): ApiVersion {
  const pinned = known(reseller.apiVersion);
  if (pinned) return pinned;
  const r = rollout ?? NO_ROLLOUT;
  const next = known(r.nextVersion);
  if (!next) return API_STABLE_VERSION;
  if (r.allowList.includes(reseller.id) || stableBucket(reseller.id) < r.percent) return next;
  return API_STABLE_VERSION;
}
