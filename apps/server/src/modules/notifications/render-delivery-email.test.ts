import { describe, expect, it } from 'vitest';
import { renderDeliveryEmail, type DeliveryEmailInput } from './render-delivery-email';

const base: DeliveryEmailInput = {
  orderNo: 'KABCDEFGHIJKLMNOP',
  title: '月卡',
  skuName: '30 天',
  locale: 'zh-CN',
  keys: ['AAAA-1111', 'BBBB-2222'],
  sharedText: null,
  manualText: null,
  usageGuide: '打开游戏\n在商城兑换',
};

describe('renderDeliveryEmail', () => {
  it('renders Chinese with the order number, product, one key per line and the usage guide', () => {
    const m = renderDeliveryEmail(base);
    expect(m.subject).toContain('KABCDEFGHIJKLMNOP');
    expect(m.subject).toContain('月卡');
    expect(m.text).toContain('订单号: KABCDEFGHIJKLMNOP');
    expect(m.text).toContain('商品: 月卡 / 30 天');
    expect(m.text).toMatch(/卡密:\nAAAA-1111\nBBBB-2222\n/);
    expect(m.text).toMatch(/使用说明:\n打开游戏\n在商城兑换\n/);
    expect(m.html).toContain('AAAA-1111<br>\nBBBB-2222');
    expect(m.html).toContain('lang="zh-CN"');
  });

  it('renders English, with shared and manual text and no empty sections', () => {
    const m = renderDeliveryEmail({
      ...base,
      locale: 'en',
      keys: [],
      sharedText: 'https://example.com/download',
      manualText: 'Sent by hand',
      usageGuide: '',
    });
    expect(m.subject).toMatch(/^Your order KABCDEFGHIJKLMNOP has been delivered/);
    expect(m.text).toContain('Delivered content:\nhttps://example.com/download');
    expect(m.text).toContain("Merchant's delivery note:\nSent by hand");
    expect(m.text).not.toContain('Keys:');
    expect(m.text).not.toContain('Usage guide');
  });

  it('escapes merchant and key text in the HTML part and keeps headers on one line', () => {
    const m = renderDeliveryEmail({
      ...base,
      title: 'x\r\nBcc: evil@example.com',
      keys: ['<script>alert(1)</script>'],
      usageGuide: '<img src=x onerror=alert(1)>',
    });
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.html).not.toContain('<script>');
    expect(m.html).not.toContain('<img');
    expect(m.html).toContain('&lt;script&gt;');
    expect(m.text).toContain('<script>alert(1)</script>');
  });

  it('is pure: the same input renders the same message', () => {
    expect(renderDeliveryEmail(base)).toEqual(renderDeliveryEmail(base));
  });
});
