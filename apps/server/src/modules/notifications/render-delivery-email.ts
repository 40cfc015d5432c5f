import type { Locale } from '@kameng/shared';
import { escapeHtml } from '../../lib/html';

/** What a delivery e-mail says: the order, what was bought and what was delivered. */
export interface DeliveryEmailInput {
  orderNo: string;
  /** The product title. */
  title: string;
  skuName: string;
  locale: Locale;
  keys: readonly string[];
  sharedText: string | null;
  manualText: string | null;
  usageGuide: string | null;
  /** The shop's name for the greeting and the sender line (the platform's site name). */
  siteName?: string;
}

/** A rendered message: subject, plain-text body and a simple HTML alternative. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const words = {
  'zh-CN': {
    subject: (no: string, title: string) => `【卡密发货】订单 ${no} · ${title}`,
    intro: '您好，感谢您的购买。您的订单已发货，内容如下：',
    orderNo: '订单号',
    product: '商品',
    keys: '卡密',
    shared: '发货内容',
    manual: '商家发货说明',
    guide: '使用说明',
    outro: '请妥善保管卡密，勿泄露给他人。如有问题，请凭订单号联系商家售后。',
  },
  en: {
    subject: (no: string, title: string) => `Your order ${no} has been delivered · ${title}`,
    intro: 'Hello, thank you for your purchase. Your order has been delivered:',
    orderNo: 'Order number',
    product: 'Product',
    keys: 'Keys',
    shared: 'Delivered content',
    manual: "Merchant's delivery note",
    guide: 'Usage guide (使用说明)',
    outro: 'Keep your keys private. For help, contact the merchant with your order number.',
  },
} as const;

/** A text block with its heading, omitted when empty. */
interface Section {
  heading: string;
  lines: string[];
  /** Monospace, one item per line (keys). */
  code?: boolean;
}

function lines(text: string | null): string[] {
  const t = text?.replace(/\r\n?/g, '\n').trim();
  return t ? t.split('\n') : [];
}

/**
 * Renders the delivery e-mail in the order's language (zh-CN or en). Pure: the same input gives the
 * same message. Every key is on its own line; user-supplied text is escaped in the HTML part.
 */
export function renderDeliveryEmail(d: DeliveryEmailInput): RenderedEmail {
  const w = words[d.locale] ?? words['zh-CN'];
  const product = d.skuName && d.skuName !== d.title ? `${d.title} / ${d.skuName}` : d.title;
  const sections: Section[] = [
    { heading: w.keys, lines: d.keys.map((k) => k.replace(/[\r\n]+/g, ' ')), code: true },
    { heading: w.shared, lines: lines(d.sharedText) },
    { heading: w.manual, lines: lines(d.manualText) },
    { heading: w.guide, lines: lines(d.usageGuide) },
  ].filter((s) => s.lines.length > 0);

  const subject = w.subject(d.orderNo, d.title).replace(/[\r\n]+/g, ' ');
  const text = [
    w.intro,
    '',
    `${w.orderNo}: ${d.orderNo}`,
    `${w.product}: ${product}`,
    ...sections.flatMap((s) => ['', `${s.heading}:`, ...s.lines]),
    '',
    w.outro,
    ...(d.siteName ? ['', `— ${d.siteName}`] : []),
    '',
  ].join('\n');

  const block = (s: Section) => {
    const body = s.lines.map(escapeHtml).join('<br>\n');
    const style = s.code
      ? 'font-family:Consolas,Menlo,monospace;background:#f5f5f5;padding:8px 12px;border-radius:4px'
      : 'padding:0 0 0 2px';
    return `<h3 style="margin:16px 0 6px;font-size:15px">${escapeHtml(s.heading)}</h3>\n<div style="${style}">${body}</div>`;
  };
  const html = [
    `<!doctype html><html lang="${d.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    "<body style=\"font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;color:#222;line-height:1.6\">",
    `<p>${escapeHtml(w.intro)}</p>`,
    `<p>${escapeHtml(w.orderNo)}: <b>${escapeHtml(d.orderNo)}</b><br>\n${escapeHtml(w.product)}: ${escapeHtml(product)}</p>`,
    ...sections.map(block),
    `<p style="margin-top:20px;color:#666">${escapeHtml(w.outro)}</p>`,
    ...(d.siteName ? [`<p style="color:#999">— ${escapeHtml(d.siteName)}</p>`] : []),
    '</body></html>',
  ].join('\n');

  return { subject, text, html };
}
