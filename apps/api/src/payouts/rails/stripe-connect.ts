import { toStripeAmount, toStripeCurrency } from '@dc/pricing';
import type Stripe from 'stripe';
import { RailError } from '../../payments/rail';
import { railErrorFrom } from '../../stripe/errors';
import type { PayoutRail, PayoutTransferOutcome, PayoutTransferRequest } from './rail';

/** The transfer group of a batch's transfer: how a retry finds it again at Stripe. */
export const transferGroupOf = (batchId: string) => `payout_${batchId}`;

/**
 * Stripe Connect transfers from the platform balance to the provider's connected account.
 * `Idempotency-Key: payout:<batch id>` makes a retried or concurrent send return the first
 * transfer instead of making a second one, but Stripe forgets keys after 24 hours: so a retry
 * (an earlier attempt may have reached Stripe) first lists the transfers of the batch's
 * transfer group (`GET /v1/transfers?transfer_group=payout_<batch id>&destination=...`) and
 * returns the one carrying the batch's id in its metadata, whenever the earlier attempt was.
 * Only when there is none is a transfer created.
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
    if (request.retry) {
      const earlier = await this.findTransfer(request.batchId, request.destination);
      if (earlier !== null) return { kind: 'confirmed', reference: earlier };
    }
    try {
      const transfer = await this.stripe.transfers.create(
        {
          amount,
          currency: toStripeCurrency(request.amount.currency),
          destination: request.destination,
          transfer_group: transferGroupOf(request.batchId),
          metadata: { dc_payout_batch_id: request.batchId },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return { kind: 'confirmed', reference: transfer.id };
    } catch (error) {
      throw railErrorFrom(error, 'transfers.create');
    }
  }

  /**
   * The transfer an earlier attempt made for the batch, if any. A reversed transfer still
   * counts: the batch was sent, and what happened to the money since is an admin's matter,
   * never a reason to pay again.
   */
  private async findTransfer(batchId: string, destination: string): Promise<string | null> {
    try {
      for await (const transfer of this.stripe.transfers.list({
        transfer_group: transferGroupOf(batchId),
        destination,
        limit: 100,
      })) {
        if (transfer.metadata?.['dc_payout_batch_id'] === batchId) return transfer.id;
      }
      return null;
    } catch (error) {
      throw railErrorFrom(error, 'transfers.list');
    }
  }
}
