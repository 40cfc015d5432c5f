import type { z } from 'zod';
import type {
  AdminMerchantFinance,
  AdjustmentBody,
  CreatePayoutAccountBody,
  FeeSchedule,
  FinanceOverview,
  FinanceSettings,
  LedgerCheckResult,
  MerchantBalance,
  MerchantTerms,
  PayoutAccount,
  PutFeeScheduleBody,
  PutMerchantTermsBody,
  RequestWithdrawalBody,
  ResellerAccount,
  StatementPage,
  UpdateFinanceSettingsBody,
  Withdrawal,
  WithdrawalRules,
  WithdrawalStatus,
  adjustmentResult,
  createResellerBody,
  resellerTopUpBody,
  resellerTopUpResult,
  setResellerStatusBody,
  statementQuery,
} from '@kameng/shared';
import { query, request, requestFile, type DownloadedFile } from './client';

const id = (v: string) => encodeURIComponent(v);

/** Statement filters as sent (query-string values). */
export type StatementParams = Partial<z.infer<typeof statementQuery>>;

// ——— merchant ———

export function fetchBalance(): Promise<MerchantBalance> {
  return request('GET', '/api/merchant/finance/balance');
}

export function fetchStatement(params: StatementParams): Promise<StatementPage> {
  return request('GET', '/api/merchant/finance/statement' + query(params));
}

/** The statement as CSV (same filters, every matching line). */
export function downloadStatementCsv(params: StatementParams): Promise<DownloadedFile> {
  const { before: _before, limit: _limit, ...filters } = params;
  return requestFile('GET', '/api/merchant/finance/statement.csv' + query(filters));
}

export function fetchPayoutAccounts(): Promise<{ items: PayoutAccount[] }> {
  return request('GET', '/api/merchant/finance/payout-accounts');
}

export function createPayoutAccount(body: CreatePayoutAccountBody): Promise<PayoutAccount> {
  return request('POST', '/api/merchant/finance/payout-accounts', body);
}

export async function deletePayoutAccount(accountId: string): Promise<void> {
  await request('DELETE', '/api/merchant/finance/payout-accounts/' + id(accountId));
}

export function fetchWithdrawalRules(): Promise<WithdrawalRules> {
  return request('GET', '/api/merchant/finance/withdrawal-rules');
}

export function fetchMyWithdrawals(params: {
  status?: WithdrawalStatus;
  limit?: number;
}): Promise<{ items: Withdrawal[] }> {
  return request('GET', '/api/merchant/finance/withdrawals' + query(params));
}

export function requestWithdrawal(body: RequestWithdrawalBody): Promise<Withdrawal> {
  return request('POST', '/api/merchant/finance/withdrawals', body);
}

// ——— admin ———

export function fetchFinanceOverview(): Promise<FinanceOverview> {
  return request('GET', '/api/admin/finance/overview');
}

export function fetchWithdrawalQueue(params: {
  status?: WithdrawalStatus;
  limit?: number;
}): Promise<{ items: Withdrawal[] }> {
  return request('GET', '/api/admin/finance/withdrawals' + query(params));
}

/** A review decision on a withdrawal. */
export type WithdrawalAction =
  | { kind: 'approve' }
  | { kind: 'reject'; reason: string }
  | { kind: 'paid'; payoutReference: string }
  | { kind: 'failed'; reason: string };

export function reviewWithdrawal(withdrawalId: string, action: WithdrawalAction): Promise<Withdrawal> {
  const { kind, ...body } = action;
  return request('POST', `/api/admin/finance/withdrawals/${id(withdrawalId)}/${kind}`, body);
}

export function fetchMerchantFinance(
  merchantId: string,
  params: StatementParams,
): Promise<AdminMerchantFinance> {
  return request('GET', '/api/admin/finance/merchants/' + id(merchantId) + query(params));
}

export function postAdjustment(body: AdjustmentBody): Promise<z.infer<typeof adjustmentResult>> {
  return request('POST', '/api/admin/finance/adjustments', body);
}

export function fetchFeeSchedules(): Promise<{ items: FeeSchedule[] }> {
  return request('GET', '/api/admin/finance/fee-schedules');
}

export function saveFeeSchedule(channelId: string, body: PutFeeScheduleBody): Promise<FeeSchedule> {
  return request('PUT', '/api/admin/finance/fee-schedules/' + id(channelId), body);
}

export function fetchMerchantTerms(merchantId: string): Promise<MerchantTerms> {
  return request('GET', '/api/admin/finance/merchants/' + id(merchantId) + '/terms');
}

export function saveMerchantTerms(merchantId: string, body: PutMerchantTermsBody): Promise<MerchantTerms> {
  return request('PUT', '/api/admin/finance/merchants/' + id(merchantId) + '/terms', body);
}

export function fetchFinanceSettings(): Promise<FinanceSettings> {
  return request('GET', '/api/admin/finance/settings');
}

export function saveFinanceSettings(body: UpdateFinanceSettingsBody): Promise<FinanceSettings> {
  return request('PUT', '/api/admin/finance/settings', body);
}

/** Back to the platform defaults (the merchant's terms are no longer custom). */
export function resetMerchantTerms(merchantId: string): Promise<MerchantTerms> {
  return request('DELETE', '/api/admin/finance/merchants/' + id(merchantId) + '/terms');
}

export async function deleteFeeSchedule(channelId: string): Promise<void> {
  await request('DELETE', '/api/admin/finance/fee-schedules/' + id(channelId));
}

export function fetchResellers(): Promise<{ items: ResellerAccount[] }> {
  return request('GET', '/api/admin/finance/resellers');
}

export function createReseller(body: z.input<typeof createResellerBody>): Promise<ResellerAccount> {
  return request('POST', '/api/admin/finance/resellers', body);
}

export function setResellerStatus(
  resellerId: string,
  body: z.input<typeof setResellerStatusBody>,
): Promise<ResellerAccount> {
  return request('POST', '/api/admin/finance/resellers/' + id(resellerId) + '/status', body);
}

/** A manual credit of a reseller's prepaid balance (audited). */
export function topUpReseller(
  resellerId: string,
  body: z.input<typeof resellerTopUpBody>,
): Promise<z.infer<typeof resellerTopUpResult>> {
  return request('POST', '/api/admin/finance/resellers/' + id(resellerId) + '/top-ups', body);
}

/** A reseller's statement (one account, so no `account` filter). */
export function fetchResellerStatement(
  resellerId: string,
  params: Omit<StatementParams, 'account'>,
): Promise<StatementPage> {
  return request('GET', '/api/admin/finance/resellers/' + id(resellerId) + '/statement' + query(params));
}

// ——— ledger ———

/** One broken invariant found by the ledger check. */
export type LedgerProblem = LedgerCheckResult['problems'][number];

export function checkLedger(): Promise<LedgerCheckResult> {
  return request('GET', '/api/admin/ledger/check');
}
