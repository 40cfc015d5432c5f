import type { PaymentProviderId } from '@kameng/shared';
import type { PaymentProvider } from './provider';
import { sandboxProvider } from './sandbox/sandbox-provider';

/** Every provider Kameng speaks; the real channels (issue 6) are added here. */
const providers: Partial<Record<PaymentProviderId, PaymentProvider>> = {
  sandbox: sandboxProvider,
};

/** The provider for an id, or undefined when this build does not speak it yet. */
export function providerFor(id: PaymentProviderId): PaymentProvider | undefined {
  return providers[id];
}
