import { describe, expect, it } from 'vitest';
import { isAppError } from '../../lib/app-error';
import { contactKindOf, hostedContentHash, parseHostedParams } from './hosted-params';

const base =
  'app_key=ak_1&sku_id=7d0f6a8e-7c1b-4c1e-9a43-1f0f4b1c2d3e&quantity=2&out_order_no=A-1' +
  '&return_url=https%3A%2F%2Fshop.example.com%2Fback%3Fx%3D1&timestamp=1700000000' +
  '&nonce=abcdefghijklmnop&sign=' +
  'a'.repeat(64);

function refusal(raw: string): unknown {
  try {
    parseHostedParams(raw);
  } catch (err) {
    return isAppError(err) ? [err.code, err.details] : err;
  }
  return null;
}

describe('parseHostedParams', () => {
  it('parses a link and signs every parameter but sign and buyer_contact, sorted and RFC 3986-encoded', () => {
    const p = parseHostedParams(`${base}&input_game+id=Zed%20One&buyer_contact=x%40y.z`);
    expect(p).toMatchObject({ quantity: 2, outOrderNo: 'A-1', input: { 'game id': 'Zed One' } });
    expect(p.buyerContact).toBe('x@y.z');
    expect(p.canonical).toBe(
      'app_key=ak_1&input_game%20id=Zed%20One&nonce=abcdefghijklmnop&out_order_no=A-1&quantity=2' +
        '&return_url=https%3A%2F%2Fshop.example.com%2Fback%3Fx%3D1&sku_id=7d0f6a8e-7c1b-4c1e-9a43-1f0f4b1c2d3e' +
        '&timestamp=1700000000',
    );
    expect(p.fields.map(([k]) => k)).not.toContain('buyer_contact');
  });

  it('refuses unknown, duplicate, missing and malformed parameters with the parameter named', () => {
    expect(refusal(`${base}&colour=red`)).toEqual([
      'HOSTED_LINK_INVALID',
      { param: 'colour', reason: 'unknown' },
    ]);
    expect(refusal(`${base}&quantity=3`)).toEqual([
      'HOSTED_LINK_INVALID',
      { param: 'quantity', reason: 'duplicate' },
    ]);
    expect(refusal(base.replace('quantity=2', 'quantity=0'))).toEqual([
      'HOSTED_LINK_INVALID',
      { param: 'quantity', reason: 'format' },
    ]);
    expect(refusal(base.replace('&nonce=abcdefghijklmnop', ''))).toEqual([
      'HOSTED_LINK_INVALID',
      { param: 'nonce', reason: 'missing' },
    ]);
    expect(refusal(`${base}&contact=a%40b.c&buyer_contact=d%40e.f`)).toEqual([
      'HOSTED_LINK_INVALID',
      { param: 'buyer_contact', reason: 'contact_signed' },
    ]);
  });

  it('hashes the order content, not the timestamp, nonce or signature', () => {
    const a = hostedContentHash(parseHostedParams(base));
    const fresh = base.replace('1700000000', '1700000600').replace('abcdefghijklmnop', 'qrstuvwxyz012345');
    expect(hostedContentHash(parseHostedParams(fresh)).equals(a)).toBe(true);
    expect(hostedContentHash(parseHostedParams(base.replace('quantity=2', 'quantity=3'))).equals(a)).toBe(
      false,
    );
  });

  it('classes contacts', () => {
    expect(contactKindOf('a@b.c')).toBe('email');
    expect(contactKindOf('13800138000')).toBe('phone');
    expect(contactKindOf('123456789')).toBe('qq');
  });
});
