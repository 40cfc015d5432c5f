// Checkout load over HTTP for the crash test: concurrent buyers doing what bench/checkout.ts's buy()
// does (create order → start payment → press "pay" on the sandbox cashier), recording how far each
// purchase got, so the test knows which orders the gateway may consider paid when the server dies.
import { randomBytes } from 'node:crypto';

/**
 * One buyer's order and how far its purchase got:
 * `created` (no cashier yet), `cashier` (the cashier URL was returned), `pressed` ("pay" was sent,
 * no answer: the outcome is unknown to the buyer), `confirmed` (the cashier answered the press).
 */
export interface Purchase {
  orderNo: string;
  accessToken: string;
  stage: 'created' | 'cashier' | 'pressed' | 'confirmed';
}

/** A running load; `stop()` ends it. */
export interface CheckoutLoad {
  readonly purchases: readonly Purchase[];
  /** Requests sent and not yet answered. */
  readonly inFlight: number;
  /** Purchases whose "pay" press the cashier acknowledged. */
  readonly confirmed: number;
  /** Failed purchases, with the time (Date.now()) each failed. */
  readonly errors: readonly { at: number; message: string }[];
  /** Stops starting new steps; resolves once every buyer has finished (bounded by the request timeout). */
  stop(): Promise<void>;
}

/** Starts `buyers` concurrent buyers against `base`; each makes at most `maxTriesPerBuyer` purchases. */
export function startCheckoutLoad(opts: {
  base: string;
  skuId: string;
  channelId: string;
  buyers: number;
  maxTriesPerBuyer: number;
  requestTimeoutMs: number;
}): CheckoutLoad {
  const purchases: Purchase[] = [];
  const errors: { at: number; message: string }[] = [];
  let inFlight = 0;
  let stopped = false;

  const send = async (url: string, body?: unknown): Promise<{ status: number; text: string }> => {
    inFlight++;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.timeout(opts.requestTimeoutMs),
      });
      // The whole answer must arrive before the step counts as done.
      return { status: res.status, text: await res.text() };
    } finally {
      inFlight--;
    }
  };
  const expectStatus = (res: { status: number; text: string }, ok: number[], what: string) => {
    if (!ok.includes(res.status)) throw new Error(`${what}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
  };

  const buy = async () => {
    const created = await send(`${opts.base}/api/store/orders`, {
      skuId: opts.skuId,
      quantity: 1,
      contact: `buyer-${randomBytes(6).toString('hex')}@example.com`,
      input: {},
    });
    expectStatus(created, [201], 'create order');
    const order = JSON.parse(created.text) as { orderNo: string; accessToken: string };
    const purchase: Purchase = { orderNo: order.orderNo, accessToken: order.accessToken, stage: 'created' };
    purchases.push(purchase);
    if (stopped) return;

    const pay = await send(`${opts.base}/api/store/orders/${order.orderNo}/pay`, {
      accessToken: order.accessToken,
      channelId: opts.channelId,
    });
    expectStatus(pay, [200], 'start payment');
    const { action } = JSON.parse(pay.text) as { action: { url?: string } };
    if (!action.url) throw new Error('start payment: no cashier url');
    purchase.stage = 'cashier';
    if (stopped) return;

    purchase.stage = 'pressed';
    const cashier = await send(`${action.url}/pay`);
    expectStatus(cashier, [303, 200], 'cashier pay');
    purchase.stage = 'confirmed';
  };

  const buyers = Array.from({ length: opts.buyers }, async () => {
    for (let i = 0; i < opts.maxTriesPerBuyer && !stopped; i++) {
      await buy().catch((err: unknown) => {
        const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
        errors.push({ at: Date.now(), message: `${String(err)}${cause}` });
      });
    }
  });

  return {
    purchases,
    errors,
    get inFlight() {
      return inFlight;
    },
    get confirmed() {
      return purchases.filter((p) => p.stage === 'confirmed').length;
    },
    stop: async () => {
      stopped = true;
      await Promise.all(buyers);
    },
  };
}
