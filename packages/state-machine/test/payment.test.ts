import { describe, expect, it } from 'vitest';
import {
  PAYMENT_STATUSES,
  PAYMENT_TRANSITIONS,
  type PaymentEvent,
  type PaymentSnapshot,
  transitionPayment,
} from '../src/index';

const live = { sandboxMode: false };
const snapshot = (
  status: PaymentSnapshot['status'],
  paid = 1000n,
  refunded = 0n,
): PaymentSnapshot => ({ status, paid, refunded });

const SAMPLE_EVENTS: PaymentEvent[] = [
  { type: 'payment_succeeded', amount: 1000n, rail: 'card' },
  { type: 'payment_failed' },
  { type: 'additional_payment', amount: 10n },
  { type: 'refund', amount: 1n, idempotencyKey: 'refund:c1:cancel' },
  { type: 'refund_withdrawn', amount: 1n, idempotencyKey: 'refund:c1:cancel' },
  { type: 'dispute_opened' },
  { type: 'dispute_won' },
  { type: 'dispute_lost' },
];

describe('payment machine', () => {
  it('follows the spec graph, and PAYMENT_TRANSITIONS describes exactly what it does', () => {
    for (const status of PAYMENT_STATUSES) {
      for (const event of SAMPLE_EVENTS) {
        const start =
          status === 'partially_refunded'
            ? snapshot(status, 1000n, 10n)
            : status === 'refunded'
              ? snapshot(status, 1000n, 1000n)
              : status === 'disputed' || status === 'charged_back'
                ? snapshot(status, 1000n, 10n)
                : snapshot(status);
        const result = transitionPayment(start, event, live);
        const edge = PAYMENT_TRANSITIONS.find(
          (e) => e.event === event.type && e.from.includes(status),
        );
        expect(result.ok, `${event.type} from ${status}`).toBe(edge !== undefined);
        if (result.ok && edge) expect(edge.to).toContain(result.payment.status);
      }
    }
  });

  it('derives partially_refunded and refunded from the amounts', () => {
    let p = snapshot('succeeded');
    const refund = (amount: bigint, key: string) => {
      const r = transitionPayment(p, { type: 'refund', amount, idempotencyKey: key }, live);
      if (!r.ok) throw new Error(r.error.message);
      p = r.payment;
    };
    refund(400n, 'k1');
    expect(p).toEqual({ status: 'partially_refunded', paid: 1000n, refunded: 400n });
    refund(600n, 'k2');
    expect(p).toEqual({ status: 'refunded', paid: 1000n, refunded: 1000n });
  });

  it('gives a withdrawn refund back to refundable, deriving the status again', () => {
    const withdraw = (p: PaymentSnapshot, amount: bigint) =>
      transitionPayment(
        p,
        { type: 'refund_withdrawn', amount, idempotencyKey: 'refund:c:x' },
        live,
      );
    expect(withdraw(snapshot('refunded', 1000n, 1000n), 1000n)).toEqual({
      ok: true,
      payment: { status: 'succeeded', paid: 1000n, refunded: 0n },
    });
    expect(withdraw(snapshot('refunded', 1000n, 1000n), 300n)).toEqual({
      ok: true,
      payment: { status: 'partially_refunded', paid: 1000n, refunded: 700n },
    });
    // A dispute keeps its status; only the amount moves.
    expect(withdraw(snapshot('disputed', 1000n, 400n), 400n)).toEqual({
      ok: true,
      payment: { status: 'disputed', paid: 1000n, refunded: 0n },
    });
    const over = withdraw(snapshot('partially_refunded', 1000n, 400n), 401n);
    expect(over.ok ? 'ok' : over.error.code).toBe('withdrawal_exceeds_refunded');
    const none = withdraw(snapshot('succeeded', 1000n, 0n), 1n);
    expect(none.ok ? 'ok' : none.error.code).toBe('illegal_payment_transition');
  });

  it('refuses a refund above paid - refunded, naming both', () => {
    const r = transitionPayment(
      snapshot('partially_refunded', 1000n, 400n),
      { type: 'refund', amount: 601n, idempotencyKey: 'k' },
      live,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('refund_exceeds_refundable');
    expect(r.error.message).toContain('600');
  });

  it('refuses zero or negative amounts and blank idempotency keys', () => {
    const codeOf = (e: PaymentEvent, p = snapshot('succeeded')) => {
      const r = transitionPayment(p, e, live);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(codeOf({ type: 'refund', amount: 0n, idempotencyKey: 'k' })).toBe('amount_not_positive');
    expect(codeOf({ type: 'refund', amount: 5n, idempotencyKey: ' ' })).toBe(
      'idempotency_key_required',
    );
    expect(codeOf({ type: 'additional_payment', amount: -5n })).toBe('amount_not_positive');
    expect(
      codeOf({ type: 'payment_succeeded', amount: 0n, rail: 'card' }, snapshot('pending', 0n)),
    ).toBe('amount_not_positive');
  });

  it('a won dispute returns to the amounts-derived status', () => {
    const r = transitionPayment(snapshot('disputed', 1000n, 300n), { type: 'dispute_won' }, live);
    expect(r.ok && r.payment.status).toBe('partially_refunded');
  });

  it('an extension payment adds to paid', () => {
    const r = transitionPayment(
      snapshot('succeeded', 1000n),
      { type: 'additional_payment', amount: 67n },
      live,
    );
    expect(r.ok && r.payment).toEqual({ status: 'succeeded', paid: 1067n, refunded: 0n });
  });
});
