import type { Db } from '../../db/client';
import { systemCtx, type Ctx } from '../../lib/ctx';
import type { SecretBox } from '../../lib/crypto';
import type { Logger } from 'pino';
import { dispatchDue, DEFAULT_LEASE_MS, DEFAULT_TIMEOUT_MS } from './dispatch-due';
import { relayEvents } from './relay-events';

/** A running webhook loop. */
export interface WebhookLoop {
  /** Ends the loop: the current round (a send in flight, at most one timeout) finishes first. */
  stop(): Promise<void>;
}

const RELAY_BATCH = 100;
const DISPATCH_BATCH = 20;

/**
 * The relay (outbox → webhook deliveries) and the dispatcher, in every process that runs the job
 * worker: about once a second, at once again while there is a backlog. Each round is bounded (a
 * batch of each); an error is logged and the next round tries again.
 */
export function startWebhookLoop(opts: {
  db: Db;
  box: SecretBox;
  log: Logger;
  now?: () => Date;
  intervalMs?: number;
  timeoutMs?: number;
  leaseMs?: number;
}): WebhookLoop {
  const log = opts.log.child({ component: 'webhooks' });
  const base = systemCtx({ db: opts.db, box: opts.box, log, name: 'webhooks' });
  const ctx: Ctx = opts.now ? { ...base, now: opts.now } : base;
  const interval = opts.intervalMs ?? 1000;
  let stopped = false;
  let wake: (() => void) | undefined;

  const round = async (): Promise<boolean> => {
    const relayed = await relayEvents(ctx, { limit: RELAY_BATCH });
    const sent = await dispatchDue(ctx, {
      limit: DISPATCH_BATCH,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      leaseMs: opts.leaseMs ?? DEFAULT_LEASE_MS,
    });
    return relayed === RELAY_BATCH || sent === DISPATCH_BATCH;
  };

  const running = (async () => {
    while (!stopped) {
      let backlog = false;
      try {
        backlog = await round();
      } catch (err) {
        if (!stopped) log.error({ err }, 'webhook round failed');
      }
      if (stopped) break;
      if (!backlog) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, interval);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = undefined;
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
