import { toStripeAmount, toStripeCurrency } from '@dc/pricing';
import type Stripe from 'stripe';
import { RailError } from '../../payments/rail';
import { railErrorFrom } from '../../stripe/errors';
import type { PayoutRail, PayoutTransferOutcome, PayoutTransferRequest } from './rail';

/**
 * Stripe Connect transfers from the platform balance to the provider's connected account.
 * `Idempotency-Key: payout:<batch id>` makes a retried or concurrent send return the first
 * transfer instead of making a second one. Stripe keeps keys for 24 hours: a batch whose send
 * is retried later than that must be checked in the dashboard (transfer_group
 * `payout_<batch id>`) before sending again.
 */
export class StripeConnectPayoutRail implements PayoutRail {
  readonly name = 'stripe_connect' as const;

  constructor(private readonly stripe: Stripe) {}

  async transfer(request: PayoutTransferRequest): Promise<PayoutTransferOutcome> {
    if (request.destination === null) {
      throw new RailError('Stripe transfer: the batch has no destination account', false);
    }
    let amount: number;
    try {
      // 'payout' refuses HUF and TWD fractions instead of rounding them away.
      amount = Number(toStripeAmount(request.amount, 'payout'));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new RailError(`Stripe transfer: ${message}`, false, { cause: error });
    }
    try {
      const transfer = await this.stripe.transfers.create(
        {
          amount,
          currency: toStripeCurrency(request.amount.currency),
          destination: request.destination,
          transfer_group: `payout_${request.batchId}`,
          metadata: { dc_payout_batch_id: request.batchId },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return { kind: 'confirmed', reference: transfer.id };
    } catch (error) {
      throw railErrorFrom(error, 'transfers.create');
    }
  }
}
