import canonicalize from 'canonicalize';
import { sha256 } from '../../lib/crypto';

/** What an entry's idempotency compares: everything that moves money, not the memo. */
export interface EntryContent {
  kind: string;
  currency: string;
  reference: { type: string; id: string } | null;
  reversesEntryId: string | null;
  transfers: { debit: string; credit: string; amount: number; code: string | null }[];
}

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of an entry's content. Transfers keep their order (the
 * caller's order is part of the posting); account specs are reduced to their codes, so `{ type }` and
 * `{ type, currency: 'CNY' }` hash alike. The memo is excluded: a retry may reword it.
 */
export function entryContentHash(content: EntryContent): string {
  return sha256(canonicalize(content) ?? '').toString('hex');
}

/** SHA-256 (hex) of any request's canonical JSON, for postings whose transfers depend on balances. */
export function requestHash(request: Record<string, unknown>): string {
  return sha256(canonicalize(request) ?? '').toString('hex');
}
