import { describe, expect, it } from 'vitest';
import { runLifecycle } from '../src/lifecycle';

// Hand-computed from contracts.md §4: $10.00/month = 1000 cents per 720 h.
// Extension 168 h: 1000 * 168 / 720 = 233.33 -> 233 (half up). Paid 1233.
// Cancel after 336 h of service: segment 1 unused 384 h -> floor(1000 * 384 / 720) = 533,
// segment 2 untouched -> 233; refund 766; consumed 1233 - 766 = 467;
// fee 10 % of 467 = 46.7 -> 47 (half up); earned 420.
describe('lifecycle demo', () => {
  const steps = runLifecycle();
  const lines = (title: string) => steps.find((s) => s.title === title)?.lines ?? [];

  it('walks rent -> accept -> provisioned -> extend -> cancel in order', () => {
    expect(steps.map((s) => s.title)).toEqual([
      'rent',
      'accept',
      'start_provisioning',
      'provisioned',
      'activate',
      'extend',
      'money at day 10',
      'cancel',
      'final settlement',
    ]);
  });

  it('charges the extension at the half-up hourly price and moves the term end by a week', () => {
    expect(lines('extend')).toContain('charged $2.33 for 168 h; paid so far $12.33');
    expect(lines('extend')).toContain('new term end: 2026-04-07T09:20:00Z');
  });

  it('starts the term at delivery, not at the request', () => {
    expect(lines('provisioned')).toContain('effect: paid term starts 2026-03-01T09:20:00Z');
  });

  it('refunds the unused time pro rata and settles every cent', () => {
    expect(lines('cancel')).toContain('refund to the wallet: $7.66');
    expect(lines('final settlement')).toEqual([
      'paid $12.33 = consumed $4.67 + refundable $0.00 + refunded $7.66',
      'consumed $4.67 = provider earned $4.20 + platform fee $0.47 (10.00 %)',
      'payment: partially_refunded',
    ]);
  });

  it('applies the buyer country VAT rate for an EU consumer (OSS)', () => {
    expect(lines('rent')).toContain(
      'VAT on the invoice if the price is net (seller EE, consumer in DE, oss): net $10.00 + 19.00 % $1.90 = $11.90',
    );
  });
});
