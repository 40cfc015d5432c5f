import type { Merchant } from '@kameng/shared';
import type { merchants } from './schema';

/** The API shape of a merchant row. */
export function merchantDto(m: typeof merchants.$inferSelect): Merchant {
  return {
    id: m.id,
    name: m.name,
    kind: m.kind,
    status: m.status,
    contactEmail: m.contactEmail,
    contactPhone: m.contactPhone,
    agreementVersion: m.agreementVersion,
    createdAt: m.createdAt.toISOString(),
  };
}
