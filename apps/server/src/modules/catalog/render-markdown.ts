import { Marked } from 'marked';
import { tenantOf, type Ctx } from '../../lib/ctx';
import sanitizeHtml from 'sanitize-html';

// A private instance: nobody else's marked.use() can change how descriptions render.
const marked = new Marked({ gfm: true, breaks: true, async: false });

const UPLOAD_SRC = /^\/api\/uploads\/[0-9a-f-]{36}$/i;
const LINK_HREF = /^(https?:\/\/|mailto:)/i;

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'b',
    'em',
    'i',
    'del',
    's',
    'u',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Every kept link is external-safe; a link without an allowed absolute URL loses its href.
    a: (tagName, attribs) => {
      const href = attribs.href?.trim();
      const next: sanitizeHtml.Attributes = { rel: 'noopener nofollow' };
      if (href && LINK_HREF.test(href)) next.href = href;
      if (attribs.title) next.title = attribs.title;
      if (next.href) next.target = '_blank';
      return { tagName, attribs: next };
    },
  },
  // Images only from https or our own uploads; anything else (data:, http:, relative paths) is dropped.
  exclusiveFilter: (frame) => {
    if (frame.tag !== 'img') return false;
    const src = frame.attribs.src ?? '';
    return !/^https:\/\//i.test(src) && !UPLOAD_SRC.test(src);
  },
};

/**
 * Markdown → safe HTML for product descriptions: basic formatting, links (http/https/mailto, opened with
 * rel="noopener nofollow"), images (https or /api/uploads/…); no scripts, styles, frames, event handlers,
 * SVG or javascript: URLs. Raw HTML in the Markdown goes through the same allow-list.
 */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown) as string;
  return sanitizeHtml(html, options);
}

/** The editor's preview: the HTML a description would be stored with (for members who may edit the catalog). */
export function previewMarkdown(ctx: Ctx, markdown: string): { html: string } {
  tenantOf(ctx, 'catalog.write');
  return { html: renderMarkdown(markdown) };
}
