import type { PayoutRail, PayoutTransferOutcome } from './rail';

/**
 * The manual rail (today's ICPay flow): sending only records that an admin pays the provider
 * outside the platform; the batch is confirmed when the admin records the payment's external
 * reference.
 */
export const manualPayoutRail: PayoutRail = {
  name: 'manual',
  async transfer(): Promise<PayoutTransferOutcome> {
    return { kind: 'pending' };
  },
};
