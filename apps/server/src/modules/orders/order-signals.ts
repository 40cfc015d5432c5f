import { EventEmitter } from 'node:events';

/** In-process wake-ups for buyers waiting on an order (the result page's long poll). */
const signals = new EventEmitter();
signals.setMaxListeners(0);

/** Wakes whoever waits on the order (called after a committed status change). */
export function signalOrder(orderId: string): void {
  signals.emit(orderId);
}

/**
 * Resolves when the order is signalled, after `ms`, or when `abort` fires, whichever comes first. The
 * caller re-reads the order either way: a signal is a hint, not a state.
 */
export function waitForOrderSignal(orderId: string, ms: number, abort?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signals.off(orderId, done);
      abort?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signals.once(orderId, done);
    abort?.addEventListener('abort', done, { once: true });
  });
}
