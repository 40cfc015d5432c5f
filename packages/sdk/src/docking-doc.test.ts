import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signRequest } from './sign-request';
import { verifyWebhook } from './verify-webhook';

// docs/docking.md promises a reader can reproduce its worked examples: recompute them from the text
// of the document itself, so the guide cannot drift from the code.
const doc = readFileSync(new URL('../../../docs/docking.md', import.meta.url), 'utf8');
const textBlocks = [...doc.matchAll(/```text\n(.*)\n```/g)].map((m) => m[1]!);
const cell = (label: string) => new RegExp(`\\| ${label}\\s*\\| \`([^\`]+)\``).exec(doc)?.[1];

describe('docs/docking.md worked examples', () => {
  it('example A: the body, its hash and the signature shown are what signing gives', async () => {
    const body = textBlocks.find((b) => b.startsWith('{"sku_id"'));
    expect(body).toBeDefined();
    const s = await signRequest({
      appKey: cell('AppKey')!,
      appSecret: cell('AppSecret')!,
      method: 'POST',
      path: '/api/v1/orders',
      body: body!,
      timestamp: 1767225600,
      nonce: 'n0nce-3f8a9c2e7b1d4a6f',
    });
    expect(doc).toContain(`\`${s.bodySha256}\``);
    expect(doc).toContain(`\`${s.signature}\``);
    expect(doc).toContain(`Authorization: ${s.authorization}`);
    // The canonical string block, as printed (indented inside the list).
    expect(doc.replace(/\n {3}/g, '\n')).toContain(s.canonicalString);
  });

  it('example B: the canonical query and signature shown are what signing gives', async () => {
    const line = /GET (\/api\/v1\/products\?\S+)/.exec(doc)![1]!;
    const url = new URL(line, 'https://x');
    const s = await signRequest({
      appKey: cell('AppKey')!,
      appSecret: cell('AppSecret')!,
      method: 'GET',
      path: url.pathname,
      query: url.search,
      timestamp: 1767225600,
      nonce: 'n0nce-9d4e1b7a2c6f8e30',
    });
    expect(doc).toContain(`\`${s.canonicalString.split('\n')[3]}\``);
    expect(doc).toContain(`\`${s.signature}\``);
  });

  it('the webhook example verifies with the secret and header shown', async () => {
    const body = textBlocks.find((b) => b.startsWith('{"id"'))!;
    const header = /Kameng-Signature: (t=\d+,v1=[0-9a-f]{64})/.exec(doc)![1]!;
    const secret = /`(whsec_[A-Za-z0-9_-]+)`/.exec(doc)![1]!;
    const event = await verifyWebhook({ payload: body, header, secret, now: () => 1767225700_000 });
    expect(event.type).toBe('order.delivered');
  });
});
