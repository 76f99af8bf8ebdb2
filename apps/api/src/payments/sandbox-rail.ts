import {
  type ChargeOutcome,
  type ChargeRequest,
  type PaymentRail,
  RailError,
  type RefundOutcome,
  type RefundRequest,
  WebhookRejected,
} from './rail';
import { walletRail } from './wallet-rail';

/**
 * The sandbox test rail (billing.md §1): charges succeed without moving money, only on a
 * platform started in sandbox mode (a setting of the server, never of the request); refunds
 * credit the wallet like the wallet rail's, so a sandbox renter sees the money come back.
 */
export function sandboxRail(sandboxMode: boolean): PaymentRail {
  return {
    name: 'sandbox',
    async charge(request: ChargeRequest): Promise<ChargeOutcome> {
      if (!sandboxMode) {
        throw new RailError(
          'The "sandbox" payment rail is only accepted when the platform runs in sandbox mode; pay with "wallet" or "card".',
          false,
        );
      }
      return { kind: 'settled', reference: `sandbox:${request.idempotencyKey}` };
    },
    refund(request: RefundRequest): Promise<RefundOutcome> {
      return walletRail.refund(request);
    },
    verifyWebhook() {
      throw new WebhookRejected('The sandbox rail receives no webhooks.');
    },
    parseEvent(event) {
      return { type: 'ignored', eventType: event.type };
    },
  };
}
