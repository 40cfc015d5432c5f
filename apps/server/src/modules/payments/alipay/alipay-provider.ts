import { formatYuan, parseYuan } from '../amount';
import type {
  ChannelConfig,
  CreatePaymentRequest,
  CreatePaymentResult,
  PaymentProvider,
  QueryResult,
} from '../provider';
import {
  alipayChannel,
  AlipayError,
  alipaySdk,
  answerError,
  beijingTimestamp,
  callAlipay,
  type AlipayProduct,
  loadAlipaySdk,
} from './alipay-client';
import { verifyAlipayNotify } from './verify-notify';

/** Which API creates the payment for this buyer. Inside WeChat, Alipay pages cannot open: a QR it is. */
export function pickProduct(
  product: AlipayProduct,
  device: CreatePaymentRequest['device'],
): 'precreate' | 'page' | 'wap' {
  if (product !== 'auto') return product;
  return device === 'mobile' ? 'wap' : 'precreate';
}

const PAID = new Set(['TRADE_SUCCESS', 'TRADE_FINISHED']);

/** Subjects are at most 256 characters at Alipay; `/ = &` are refused in some products, so replaced. */
function subjectOf(subject: string): string {
  return subject.replace(/[/=&]/g, ' ').slice(0, 256) || 'Kameng';
}

async function createPayment(
  channel: ChannelConfig,
  req: CreatePaymentRequest,
): Promise<CreatePaymentResult> {
  const c = alipayChannel(channel);
  if (req.currency !== 'CNY') throw new AlipayError('alipay_config', `currency ${req.currency} is not CNY`);
  const sdk = await alipaySdk(c);
  const biz = {
    out_trade_no: req.tradeNo,
    total_amount: formatYuan(req.amount),
    subject: subjectOf(req.subject),
  };
  const product = pickProduct(c.product, req.device);
  if (product === 'precreate') {
    const method = 'alipay.trade.precreate';
    const a = await callAlipay(sdk, method, biz, { notify_url: req.notifyUrl });
    if (a.code !== '10000') throw answerError(method, a);
    if (typeof a.qr_code !== 'string' || !a.qr_code) {
      throw new AlipayError('alipay_response', `${method}: no qr_code in the answer`);
    }
    if (a.out_trade_no !== undefined && a.out_trade_no !== req.tradeNo) {
      throw new AlipayError('alipay_response', `${method}: answer is for another out_trade_no`);
    }
    return { action: { type: 'qr', qr: a.qr_code } };
  }
  // Page products are signed links the browser opens on the gateway (GET: a plain redirect).
  const wap = product === 'wap';
  const url = sdk.pageExecute(wap ? 'alipay.trade.wap.pay' : 'alipay.trade.page.pay', 'GET', {
    bizContent: {
      ...biz,
      product_code: wap ? 'QUICK_WAP_WAY' : 'FAST_INSTANT_TRADE_PAY',
      ...(wap ? { quit_url: req.returnUrl } : {}),
    },
    notify_url: req.notifyUrl,
    return_url: req.returnUrl,
    timestamp: beijingTimestamp(),
  });
  return { action: { type: 'redirect', url } };
}

/** Alipay through its official Node SDK (alipay-sdk, OpenAPI 2.0, RSA2). */
export const alipayProvider: PaymentProvider = {
  id: 'alipay',
  notifyFormat: 'fields',
  merchantIdOf: (channel) => channel.credentials.appId ?? '',

  createPayment,

  async parseNotify(channel, _req, fields) {
    if (!fields) return { ok: false, reason: 'fields_missing' };
    const { AlipaySdk } = await loadAlipaySdk();
    const verified = verifyAlipayNotify(AlipaySdk, channel.credentials.alipayPublicKey ?? '', fields);
    if (!verified.ok) return verified;
    const f = verified.fields;
    const amount = parseYuan(f.total_amount ?? '');
    if (amount === null) return { ok: false, reason: 'amount_malformed' };
    if (!f.out_trade_no || !f.trade_no) return { ok: false, reason: 'trade_missing' };
    return {
      ok: true,
      tradeNo: f.out_trade_no,
      providerTradeNo: f.trade_no,
      amount,
      status: PAID.has(f.trade_status ?? '') ? 'paid' : 'other',
      merchantId: f.app_id ?? '',
    };
  },

  // Alipay stops retrying only on the exact body `success`.
  notifyReply: (ok) => ({
    status: 200,
    contentType: 'text/plain; charset=utf-8',
    body: ok ? 'success' : 'fail',
  }),

  async query(channel, attempt): Promise<QueryResult> {
    const c = alipayChannel(channel);
    const method = 'alipay.trade.query';
    const a = await callAlipay(await alipaySdk(c), method, { out_trade_no: attempt.tradeNo });
    // Before the buyer scans/opens it, a precreated trade does not exist at Alipay yet.
    if (a.code !== '10000') {
      if (a.sub_code === 'ACQ.TRADE_NOT_EXIST') return { status: 'unpaid' };
      throw answerError(method, a);
    }
    if (a.out_trade_no !== attempt.tradeNo) {
      throw new AlipayError('alipay_response', `${method}: answer is for another out_trade_no`);
    }
    const status = String(a.trade_status ?? '');
    if (status === 'WAIT_BUYER_PAY') return { status: 'unpaid' };
    if (status === 'TRADE_CLOSED') return { status: 'closed' };
    if (!PAID.has(status))
      throw new AlipayError('alipay_response', `${method}: unknown trade_status ${status}`);
    const amount = parseYuan(String(a.total_amount ?? ''));
    if (amount === null || typeof a.trade_no !== 'string' || !a.trade_no) {
      throw new AlipayError('alipay_response', `${method}: paid answer without total_amount / trade_no`);
    }
    return { status: 'paid', providerTradeNo: a.trade_no, amount };
  },

  async refund(channel, attempt, amount, refundNo) {
    const c = alipayChannel(channel);
    const method = 'alipay.trade.refund';
    // Our refund number: Alipay treats a repeated out_request_no as a retry of that refund, not a new one.
    const a = await callAlipay(await alipaySdk(c), method, {
      out_trade_no: attempt.tradeNo,
      refund_amount: formatYuan(amount),
      out_request_no: refundNo,
    });
    if (a.code !== '10000') throw answerError(method, a);
    return { refundNo };
  },
};
