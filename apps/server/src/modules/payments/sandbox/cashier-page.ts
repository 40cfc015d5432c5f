import type { Locale } from '@kameng/shared';
import { formatYuan } from '../amount';
import { escapeHtml } from '../../../lib/html';

const text = {
  'zh-CN': {
    title: 'Kameng 沙盒收银台',
    amount: '金额',
    pay: '支付成功',
    fail: '支付失败',
    cancel: '取消支付',
    note: '这是测试环境，不会产生真实扣款。',
    done: '操作已完成，可以关闭此页面。',
    final: '该交易已结束。',
    unknown: '交易不存在。',
  },
  en: {
    title: 'Kameng sandbox cashier',
    amount: 'Amount',
    pay: 'Pay',
    fail: 'Fail',
    cancel: 'Cancel',
    note: 'Test mode: no real money moves.',
    done: 'Done. You may close this page.',
    final: 'This trade is already final.',
    unknown: 'No such trade.',
  },
};

function page(locale: Locale, body: string): string {
  const t = text[locale];
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${t.title}</title><style>body{font-family:system-ui,sans-serif;max-width:420px;margin:2rem auto;padding:0 1rem}button{display:block;width:100%;padding:.8rem;margin:.5rem 0;font-size:1rem}</style></head><body><h1>${t.title}</h1>${body}<p><small>${t.note}</small></p></body></html>`;
}

/** The cashier page for a trade: subject, amount and the Pay / Fail / Cancel buttons. */
export function cashierPage(
  trade: { tradeNo: string; subject: string; amount: number; status: string },
  locale: Locale,
): string {
  const t = text[locale];
  if (trade.status !== 'unpaid') return page(locale, `<p>${t.final}</p>`);
  const button = (o: 'pay' | 'fail' | 'cancel') =>
    `<form method="post" action="/sandbox-gateway/cashier/${escapeHtml(trade.tradeNo)}/${o}"><button type="submit" name="o" value="${o}" data-outcome="${o}">${t[o]}</button></form>`;
  return page(
    locale,
    `<p>${escapeHtml(trade.subject)}</p><p>${t.amount}: <strong data-amount>¥${formatYuan(trade.amount)}</strong></p><p><code>${escapeHtml(trade.tradeNo)}</code></p>${button('pay')}${button('fail')}${button('cancel')}`,
  );
}

/** The page after an outcome when there is no return URL. */
export function donePage(kind: 'pay' | 'fail' | 'cancel' | 'final' | 'unknown', locale: Locale): string {
  const t = text[locale];
  return page(locale, `<p>${kind === 'final' ? t.final : kind === 'unknown' ? t.unknown : t.done}</p>`);
}
