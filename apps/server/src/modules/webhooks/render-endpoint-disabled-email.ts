import type { Locale } from '@kameng/shared';
import type { RenderedEmail } from '../notifications/render-delivery-email';
import { escapeHtml } from '../../lib/html';

/** What the "endpoint disabled" e-mail tells its owner. */
export interface EndpointDisabledEmailInput {
  locale: Locale;
  url: string;
  mode: string;
  /** The last failure seen (status code or connection error). */
  lastError: string;
  siteName: string;
}

const words = {
  'zh-CN': {
    subject: '【回调已停用】您的 Webhook 回调地址连续 3 天推送失败',
    intro: '您好，以下回调地址在 3 天内的所有重试均未成功（未返回 2xx），系统已自动停用它：',
    url: '回调地址',
    mode: '环境',
    last: '最后一次错误',
    outro:
      '请修复接收服务后，在开发者控制台重新启用该地址，并在推送记录中对失败的事件点击"重新推送"。停用期间不会再向它推送新事件。',
  },
  en: {
    subject: 'Your webhook endpoint was disabled after 3 days of failed deliveries',
    intro:
      'Hello, every retry to the webhook endpoint below failed for 3 days (no 2xx answer), so it has been disabled:',
    url: 'URL',
    mode: 'Mode',
    last: 'Last error',
    outro:
      'Fix your receiver, enable the endpoint again in the developer console, and redeliver the failed events from its delivery log. No new events are sent to it while it is disabled.',
  },
} as const;

/** Renders the e-mail sent to a reseller whose endpoint was disabled (zh-CN or en). Pure. */
export function renderEndpointDisabledEmail(d: EndpointDisabledEmailInput): RenderedEmail {
  const w = words[d.locale] ?? words['zh-CN'];
  const rows: [string, string][] = [
    [w.url, d.url],
    [w.mode, d.mode],
    [w.last, d.lastError.replace(/[\r\n]+/g, ' ')],
  ];
  const text = [
    w.intro,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    '',
    w.outro,
    '',
    `— ${d.siteName}`,
    '',
  ].join('\n');
  const html = [
    `<!doctype html><html lang="${d.locale}"><head><meta charset="utf-8"><title>${escapeHtml(w.subject)}</title></head>`,
    "<body style=\"font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;color:#222;line-height:1.6\">",
    `<p>${escapeHtml(w.intro)}</p>`,
    `<p>${rows.map(([k, v]) => `${escapeHtml(k)}: <b>${escapeHtml(v)}</b>`).join('<br>\n')}</p>`,
    `<p style="margin-top:20px;color:#666">${escapeHtml(w.outro)}</p>`,
    `<p style="color:#999">— ${escapeHtml(d.siteName)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: w.subject, text, html };
}
