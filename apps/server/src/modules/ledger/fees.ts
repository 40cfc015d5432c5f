import { AppError } from '../../lib/app-error';

/** A payment channel's fee: a rate in basis points plus a fixed part, and who bears it. */
export interface ChannelFeeRule {
  rateBps: number;
  fixed: number;
  bearer: 'merchant' | 'platform';
}

/** How an order's amount divides between merchant and platform. */
export interface OrderSplit {
  /** What the channel keeps: round-half-up(amount × rateBps / 10 000) + fixed. */
  channelFee: number;
  /** The platform's commission: round-half-up(amount × commissionBps / 10 000), on the gross amount. */
  commission: number;
  /** What the merchant earns: amount − commission − (channelFee when the merchant bears it). */
  merchantNet: number;
  /** What platform fee revenue is credited: commission + (channelFee when the merchant bears it). */
  platformRevenue: number;
}

/** Rounds `amount × bps / 10 000` half up to the minor unit, in exact integer (bigint) arithmetic. */
export function bpsOf(amount: number, bps: number): number {
  return Number((BigInt(amount) * BigInt(bps) + 5000n) / 10000n);
}

const isBps = (v: number) => Number.isInteger(v) && v >= 0 && v <= 10_000;

/**
 * Splits an order's amount (minor units). Rounding rule: each fee rounds half up to the fen on its own
 * (integer arithmetic, no floats), and the merchant's net is the remainder — so
 * `merchantNet + platformRevenue === amount` always, never a lost or invented fen. A platform-borne
 * channel fee is the platform's expense and does not touch the merchant. A split that would leave the
 * merchant a negative net is refused (LEDGER_INVALID_AMOUNT). When only part of the amount went through
 * the channel (`channelAmount`, the rest came from a prepaid balance), the channel fee is on that part
 * only — none when nothing did — and the commission still on the whole amount.
 */
export function splitOrderAmount(input: {
  amount: number;
  channelFee: ChannelFeeRule;
  commissionBps: number;
  channelAmount?: number;
}): OrderSplit {
  const { amount, channelFee: rule, commissionBps } = input;
  const viaChannel = input.channelAmount ?? amount;
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new AppError('LEDGER_INVALID_AMOUNT', { amount });
  if (!Number.isSafeInteger(viaChannel) || viaChannel < 0 || viaChannel > amount) {
    throw new AppError('LEDGER_INVALID_AMOUNT', { amount, channelAmount: viaChannel });
  }
  if (!isBps(rule.rateBps) || !isBps(commissionBps) || !Number.isSafeInteger(rule.fixed) || rule.fixed < 0) {
    throw new AppError('VALIDATION_FAILED', { rateBps: rule.rateBps, fixed: rule.fixed, commissionBps });
  }
  const channelFee = viaChannel > 0 ? bpsOf(viaChannel, rule.rateBps) + rule.fixed : 0;
  const commission = bpsOf(amount, commissionBps);
  const merchantFee = rule.bearer === 'merchant' ? channelFee : 0;
  const merchantNet = amount - commission - merchantFee;
  if (merchantNet < 0) throw new AppError('LEDGER_INVALID_AMOUNT', { amount, commission, channelFee });
  return { channelFee, commission, merchantNet, platformRevenue: commission + merchantFee };
}
