import { errorCatalog } from '@kameng/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError, isAppError } from '../../lib/app-error';
import { openHostedCheckout } from '../../modules/docking/hosted-open-checkout';
import { renderContactForm, renderHostedError } from '../../modules/docking/hosted-page';
import { parseHostedParams, type HostedParams } from '../../modules/docking/hosted-params';

const FORM = 'application/x-www-form-urlencoded';

/**
 * Hosted checkout (H5 跳转): a signed link (GET) or an auto-submitted form (POST) opens the cashier of a
 * new storefront order for the buyer. Access is public — the buyer's browser carries no credential;
 * the link's own signature is verified by the domain. Answers are pages, never JSON.
 */
export const hostedCheckoutRoutes: FastifyPluginAsyncZod = async (app) => {
  // The raw form body is what was signed; any other body is refused by the handler as a page.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, String(body)));

  const base = app.deps.config.publicUrl?.replace(/\/$/, '') ?? '';
  const action = `${base}/api/v1/hosted/checkout`;

  const handle = async (req: FastifyRequest, reply: FastifyReply) => {
    // The signed link and the token-bearing cashier URL must not leak through Referer or caches.
    void reply.header('Cache-Control', 'no-store').header('Referrer-Policy', 'no-referrer');
    let params: HostedParams | undefined;
    try {
      params = parseHostedParams(rawParams(req));
      const outcome = await openHostedCheckout(req.ctx, params, req.apiCall ?? {});
      if (outcome.kind === 'ask_contact') {
        return html(reply, 200, renderContactForm(req.ctx.locale, action, params.fields));
      }
      return reply.redirect(
        `${base}/pay/${encodeURIComponent(outcome.orderNo)}?token=${encodeURIComponent(outcome.token)}`,
        302,
      );
    } catch (err) {
      if (!isAppError(err)) {
        req.log.error({ err }, 'hosted checkout failed');
        return html(reply, 500, renderHostedError(req.ctx.locale, 'INTERNAL', req.id));
      }
      const details = err.details as { field?: string } | undefined;
      if (params?.buyerContact && err.code === 'ORDER_INPUT_INVALID' && details?.field === 'contact') {
        const page = renderContactForm(req.ctx.locale, action, params.fields, {
          invalid: true,
          value: params.buyerContact,
        });
        return html(reply, 400, page);
      }
      req.log.info({ code: err.code, details: err.details }, 'hosted checkout link refused');
      return html(reply, errorCatalog[err.code].status, renderHostedError(req.ctx.locale, err.code, req.id));
    }
  };

  const config = { access: 'public' } as const;
  const schema = {
    tags: ['hosted-checkout'],
    summary: 'Open the cashier from a signed link (H5 跳转)',
    description:
      'Parameters (query of a GET, form body of a POST): app_key (live, orders:write), sku_id, quantity, ' +
      'out_order_no, return_url, notify_url?, contact?, input_<field>?, timestamp (±30 min), nonce, sign = hex ' +
      'HMAC-SHA256(AppSecret, canonical query of every other parameter). Answers 302 to the cashier, a page ' +
      'asking for the contact, or an error page (HTML, with the code). See docs/docking.md.',
  };
  app.get('/checkout', { config, schema, exposeHeadRoute: false }, handle);
  app.post('/checkout', { config, schema }, handle);
};

/** The signed parameters as sent: the query of a GET, the form body of a POST. */
function rawParams(req: FastifyRequest): string {
  if (req.method === 'GET') {
    const i = req.url.indexOf('?');
    return i < 0 ? '' : req.url.slice(i + 1);
  }
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== FORM || typeof req.body !== 'string') {
    throw new AppError('HOSTED_LINK_INVALID', { param: '*', reason: 'content_type' });
  }
  return req.body;
}

function html(reply: FastifyReply, status: number, body: string) {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}
