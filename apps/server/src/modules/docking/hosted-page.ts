import { errorMessage, type ErrorCode, type Locale } from '@kameng/shared';
import { escapeHtml } from '../../lib/html';

/**
 * The small server-rendered pages of a hosted checkout link: the buyer is a person in a browser, so
 * errors are a readable page (with the code, for the merchant's support) rather than JSON, and a link
 * without a contact asks for one. No script (the error envelope is inert JSON), no external resources.
 */

const text = {
  'zh-CN': {
    errorTitle: '无法打开收银台',
    errorHint: '请返回商户页面重新发起支付；如问题持续，请将下方错误码告知商户。',
    code: '错误码',
    request: '请求编号',
    contactTitle: '填写联系方式',
    contactHint: '用于接收发货通知和查询订单（邮箱、手机号或 QQ 号）。',
    contactLabel: '邮箱 / 手机号 / QQ',
    contactInvalid: '联系方式格式不正确，请重新填写。',
    submit: '去支付',
  },
  en: {
    errorTitle: 'The checkout cannot be opened',
    errorHint:
      'Go back to the merchant and start the payment again; if it keeps failing, tell the merchant the code below.',
    code: 'Error code',
    request: 'Request id',
    contactTitle: 'Your contact',
    contactHint:
      'We send the delivery notice there and you can look the order up with it (e-mail, phone or QQ).',
    contactLabel: 'E-mail / phone / QQ',
    contactInvalid: 'That contact does not look right; please check it.',
    submit: 'Continue to payment',
  },
} as const;

function page(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f5f5;margin:0;padding:24px 12px;color:#222}
main{max-width:420px;margin:0 auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 4px rgba(0,0,0,.08)}
h1{font-size:20px;margin:0 0 12px}p{line-height:1.6}code{background:#f0f0f0;padding:2px 6px;border-radius:4px}
.muted{color:#888;font-size:13px}.error{color:#cf1322}
input[type=text]{width:100%;box-sizing:border-box;padding:10px;font-size:16px;border:1px solid #d9d9d9;border-radius:6px}
button{margin-top:16px;width:100%;padding:12px;font-size:16px;border:0;border-radius:6px;background:#1677ff;color:#fff}
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

/**
 * The error page for a refused link: the message in the buyer's language, the stable code, the request
 * id — and the API's error envelope as inert JSON, for tools (and the call log, which reads the code
 * from it).
 */
export function renderHostedError(locale: Locale, code: ErrorCode, requestId?: string): string {
  const t = text[locale];
  const envelope = JSON.stringify({
    code,
    message: errorMessage(code, locale),
    request_id: requestId ?? null,
  });
  return page(
    locale,
    t.errorTitle,
    `<script type="application/json" id="kameng-error">${envelope.replace(/</g, '\\u003c')}</script>
<h1>${escapeHtml(t.errorTitle)}</h1>
<p class="error" data-code="${escapeHtml(code)}">${escapeHtml(errorMessage(code, locale))}</p>
<p>${escapeHtml(t.errorHint)}</p>
<p class="muted">${escapeHtml(t.code)}: <code>${escapeHtml(code)}</code>${
      requestId ? `<br>${escapeHtml(t.request)}: <code>${escapeHtml(requestId)}</code>` : ''
    }</p>`,
  );
}

/**
 * The page asking for the buyer's contact when the link carries none: a form posting the link's own
 * (signed) parameters back unchanged, plus `buyer_contact`, which the signature does not cover.
 */
export function renderContactForm(
  locale: Locale,
  action: string,
  fields: [string, string][],
  opts: { invalid?: boolean; value?: string } = {},
): string {
  const t = text[locale];
  const hidden = fields
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  return page(
    locale,
    t.contactTitle,
    `<h1>${escapeHtml(t.contactTitle)}</h1>
<p>${escapeHtml(t.contactHint)}</p>
${opts.invalid ? `<p class="error" data-code="ORDER_INPUT_INVALID">${escapeHtml(t.contactInvalid)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
${hidden}
<label>${escapeHtml(t.contactLabel)}<br>
<input type="text" name="buyer_contact" required maxlength="254" autocomplete="email" value="${escapeHtml(opts.value ?? '')}"></label>
<button type="submit">${escapeHtml(t.submit)}</button>
</form>`,
  );
}
