/** Where the buyer is: a desktop browser, a phone browser, or WeChat's in-app browser. */
export type BuyerDevice = 'desktop' | 'phone' | 'wechat';

/**
 * The buyer's device from the user agent, with the same rules as the server's `deviceOf` (so the
 * action the gateway was asked for and what the page offers agree).
 */
export function detectDevice(
  ua: string = typeof navigator === 'undefined' ? '' : navigator.userAgent,
): BuyerDevice {
  if (/MicroMessenger/i.test(ua)) return 'wechat';
  if (/Mobile|Android|iPhone/i.test(ua)) return 'phone';
  return 'desktop';
}

/** Methods whose payment completes inside WeChat's in-app browser (the others need the system browser). */
const WORKS_IN_WECHAT = new Set(['wxpay', 'usdt', 'sandbox', 'balance']);

/** Whether a buyer in WeChat must first open the page in the system browser to pay with `method`. */
export function needsSystemBrowser(
  device: BuyerDevice,
  method: string | undefined,
  crypto: boolean,
): boolean {
  if (device !== 'wechat' || crypto) return false;
  return !WORKS_IN_WECHAT.has(method ?? 'wxpay');
}
