import type { PayoutAccountKind } from '@kameng/shared';
import { AppError } from '../../lib/app-error';

/**
 * Normalises and checks a payout account number per kind (PAYOUT_ACCOUNT_INVALID when it cannot be
 * one): Alipay — a mobile number or an e-mail; bank — 12 to 30 digits; USDT — a TRON (T…, 34 chars)
 * or Ethereum (0x + 40 hex) address.
 */
export function normaliseAccountNumber(kind: PayoutAccountKind, raw: string): string {
  const value = kind === 'bank' ? raw.replace(/[\s-]/g, '') : raw.trim();
  const ok =
    kind === 'alipay'
      ? /^1\d{10}$/.test(value) || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)
      : kind === 'bank'
        ? /^\d{12,30}$/.test(value)
        : /^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(value) || /^0x[0-9a-fA-F]{40}$/.test(value);
  if (!ok) throw new AppError('PAYOUT_ACCOUNT_INVALID', { kind });
  return value;
}

/** What may be shown of an account number: enough to recognise it, never enough to use it. */
export function maskAccountNumber(kind: PayoutAccountKind, value: string): string {
  if (kind === 'bank') return `${value.slice(0, 4)} **** **** ${value.slice(-4)}`;
  if (kind === 'usdt') return `${value.slice(0, 4)}…${value.slice(-4)}`;
  const at = value.indexOf('@');
  if (at > 0) return `${value.slice(0, Math.min(2, at))}***${value.slice(at)}`;
  return `${value.slice(0, 3)}****${value.slice(-4)}`;
}
