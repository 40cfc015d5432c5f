import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render-markdown';

const payloads = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="https://x.test/a.png" onerror="alert(1)">',
  '[click](javascript:alert(1))',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="java\tscript:alert(1)">x</a>',
  '<svg onload=alert(1)><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="https://evil.test"></iframe>',
  '<style>body{display:none}</style>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<p onclick="alert(1)">x</p>',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '<object data="x.swf"></object><embed src="x.swf">',
  '<form action="https://evil.test"><input name=a></form>',
];

describe('renderMarkdown', () => {
  it('renders basic formatting', () => {
    const html = renderMarkdown('# 标题\n\n**粗体** _斜体_ `code`\n\n- a\n- b\n\n> 引用');
    expect(html).toContain('<h1>标题</h1>');
    expect(html).toContain('<strong>粗体</strong>');
    expect(html).toContain('<em>斜体</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<li>a</li>');
    expect(html).toContain('<blockquote>');
  });

  it('keeps http(s) and mailto links with rel="noopener nofollow"', () => {
    const html = renderMarkdown('[a](https://example.com/x) [m](mailto:a@b.c)');
    expect(html).toContain('href="https://example.com/x"');
    expect(html).toContain('href="mailto:a@b.c"');
    expect(html.match(/rel="noopener nofollow"/g)).toHaveLength(2);
  });

  it('keeps https images and our uploads, drops every other image source', () => {
    const id = '0b0c8f0e-1111-4222-8333-444455556666';
    const html = renderMarkdown(
      `![a](https://cdn.example.com/a.png) ![b](/api/uploads/${id}) ![c](http://plain.example.com/c.png) ![d](/etc/passwd)`,
    );
    expect(html).toContain('src="https://cdn.example.com/a.png"');
    expect(html).toContain(`src="/api/uploads/${id}"`);
    expect(html).not.toContain('plain.example.com');
    expect(html).not.toContain('/etc/passwd');
  });

  it.each(payloads)('neutralises %s', (payload) => {
    const html = renderMarkdown(payload).toLowerCase();
    expect(html).not.toMatch(/<script|<style|<iframe|<svg|<math|<object|<embed|<form|<input/);
    expect(html).not.toMatch(/\son[a-z]+\s*=/);
    expect(html).not.toMatch(/javascript:|data:|style=/);
  });
});
