import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Ctx } from '../../lib/ctx';
import type { SecretBox } from '../../lib/crypto';
import { openSecret } from '../docking/credential-secret';
import { apiCredentials, apiOrders } from '../docking/schema';
import { webhookEndpoints } from './schema';

/** A new endpoint signing secret: `whsec_` + 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The associated data binding an endpoint's encrypted secret to its row. */
export const webhookSecretAad = (endpointId: string) => `webhook-secret:${endpointId}`;

/** Encrypts an endpoint's signing secret for storage. */
export function sealWebhookSecret(box: SecretBox, endpointId: string, secret: string): Buffer {
  return box.encrypt(secret, webhookSecretAad(endpointId));
}

/**
 * The secrets a delivery is signed with (one `v1` each). An endpoint signs with its own secret. An
 * order's own callback URL has no endpoint: it is signed with the AppSecret of the credential that
 * placed the order — the secret the integrator already holds for that order — and, during that
 * credential's rotation overlap, with the previous one as well, so either verifies. Empty when there
 * is no secret to sign with (the delivery then fails rather than going out unsigned).
 */
export async function signingSecrets(
  ctx: Ctx,
  d: { endpointId: string | null; subjectKey: string },
): Promise<string[]> {
  if (d.endpointId) {
    const [e] = await ctx.db
      .select({ secretEnc: webhookEndpoints.secretEnc })
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, d.endpointId));
    return e ? [ctx.box.decryptText(e.secretEnc, webhookSecretAad(d.endpointId))] : [];
  }
  const apiOrderId = /^order:([0-9a-f-]{36})$/.exec(d.subjectKey)?.[1];
  if (!apiOrderId) return [];
  const [c] = await ctx.db
    .select({
      id: apiCredentials.id,
      secretEnc: apiCredentials.secretEnc,
      prevSecretEnc: apiCredentials.prevSecretEnc,
      prevSecretExpiresAt: apiCredentials.prevSecretExpiresAt,
    })
    .from(apiOrders)
    .innerJoin(apiCredentials, eq(apiCredentials.id, apiOrders.credentialId))
    .where(eq(apiOrders.id, apiOrderId));
  if (!c) return [];
  const secrets = [openSecret(ctx.box, c.id, c.secretEnc)];
  if (c.prevSecretEnc && c.prevSecretExpiresAt && c.prevSecretExpiresAt > ctx.now()) {
    secrets.push(openSecret(ctx.box, c.id, c.prevSecretEnc));
  }
  return secrets;
}
