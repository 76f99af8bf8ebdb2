import { describe, expect, it } from 'vitest';
import { payoutActions } from '../src/pages/admin/payout-actions';

const offered = (
  status: Parameters<typeof payoutActions>[0]['status'],
  rail: 'manual' | 'stripe_connect',
) =>
  Object.entries(payoutActions({ status, rail }))
    .filter(([, allowed]) => allowed)
    .map(([action]) => action);

describe('the moves a payout batch offers (draft -> approved -> sent -> confirmed | failed)', () => {
  it('a draft is approved or failed, never sent or confirmed straight away', () => {
    expect(offered('draft', 'manual')).toEqual(['approve', 'fail']);
  });

  it('an approved batch is sent or failed', () => {
    expect(offered('approved', 'stripe_connect')).toEqual(['send', 'fail']);
  });

  it('a sent manual batch is confirmed with its reference or failed', () => {
    expect(offered('sent', 'manual')).toEqual(['confirm', 'fail']);
  });

  it("a sent Stripe batch is only sent again: Stripe's answer settles it", () => {
    expect(offered('sent', 'stripe_connect')).toEqual(['sendAgain']);
  });

  it('confirmed and failed batches are final', () => {
    for (const rail of ['manual', 'stripe_connect'] as const) {
      expect(offered('confirmed', rail)).toEqual([]);
      expect(offered('failed', rail)).toEqual([]);
    }
  });
});
