import { savepoint, type Ctx } from '../../lib/ctx';
import { readOrderDelivery, type OrderDeliveryContent } from '../orders/read-order-delivery';
import { getPlatformSettings } from '../settings/settings';
import { queueEmail } from './queue-email';
import { renderDeliveryEmail } from './render-delivery-email';

/** What the orders module tells about a delivered order (its `readOrderDelivery`). */
export type DeliverySource = OrderDeliveryContent;

/** A plausible mailbox: something@domain, no spaces or header-breaking characters. */
const MAILBOX = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/**
 * Queues the delivery e-mail of a delivered order, in ctx's transaction (the outbox row and its send
 * job commit with the delivery). Only when the buyer's contact is an e-mail address. Never fails the
 * delivery: it runs in a savepoint, and an error is logged and the e-mail skipped.
 */
export async function enqueueDeliveryEmail(ctx: Ctx, orderId: string): Promise<void> {
  await enqueueDeliveryEmailFrom(ctx, orderId, (tx) => readOrderDelivery(tx, orderId));
}

/** enqueueDeliveryEmail with the order read through `read` (tests stub the orders module with it). */
export async function enqueueDeliveryEmailFrom(
  ctx: Ctx,
  orderId: string,
  read: (ctx: Ctx) => Promise<DeliverySource>,
): Promise<string | null> {
  try {
    return await savepoint(ctx, async (tx) => {
      const d = await read(tx);
      const to = d.contact.trim();
      if (d.contactKind !== 'email' || !MAILBOX.test(to)) return null;
      const { siteName } = await getPlatformSettings(tx.db);
      const message = renderDeliveryEmail({
        orderNo: d.orderNo,
        title: d.title,
        skuName: d.skuName,
        locale: d.locale === 'en' ? 'en' : 'zh-CN',
        keys: d.keys,
        sharedText: d.sharedText,
        manualText: d.manualText,
        usageGuide: d.usageGuide,
        siteName,
      });
      return queueEmail(tx, {
        to,
        subject: message.subject,
        body: { text: message.text, html: message.html },
        template: 'delivery',
        orderId,
      });
    });
  } catch (err) {
    ctx.log.error({ err, orderId }, 'delivery e-mail not queued');
    return null;
  }
}
