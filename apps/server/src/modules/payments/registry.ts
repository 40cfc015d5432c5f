import type { PaymentProviderId } from '@kameng/shared';
import { alipayProvider } from './alipay/alipay-provider';
import { epayProvider } from './epay/epay-provider';
import { epusdtProvider } from './epusdt/epusdt-provider';
import type { PaymentProvider } from './provider';
import { sandboxProvider } from './sandbox/sandbox-provider';
import { stripeProvider } from './stripe/stripe-provider';
import { wechatpayProvider } from './wechatpay/wechatpay-provider';

/** Every provider Kameng speaks. */
const providers: Record<PaymentProviderId, PaymentProvider> = {
  sandbox: sandboxProvider,
  epay: epayProvider,
  alipay: alipayProvider,
  wechatpay: wechatpayProvider,
  epusdt: epusdtProvider,
  stripe: stripeProvider,
};

/** The provider for an id, or undefined when this build does not speak it. */
export function providerFor(id: PaymentProviderId): PaymentProvider | undefined {
  return providers[id];
}
