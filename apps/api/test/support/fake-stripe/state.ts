import { randomBytes } from 'node:crypto';
import { type FormValue, field, stringMap } from './form';

/** A Stripe-shaped object: `id`, `object` and the fields Stripe documents for it. */
export type StripeObject = Record<string, unknown> & {
  readonly id: string;
  readonly object: string;
};

/** An API error as Stripe answers it. */
export class FakeStripeError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }

  body() {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code === undefined ? {} : { code: this.code }),
        ...(this.param === undefined ? {} : { param: this.param }),
      },
    };
  }
}

const newId = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;

function missing(kind: string, id: string): FakeStripeError {
  return new FakeStripeError(
    404,
    'invalid_request_error',
    `No such ${kind}: '${id}'`,
    'resource_missing',
    'id',
  );
}

/**
 * Stripe's objects and the rules the API applies to them: Checkout Sessions that complete into
 * a PaymentIntent and a Charge, refunds capped at the unrefunded amount, disputes. Amounts are
 * in Stripe's unit for the currency, as on the wire.
 */
export class FakeStripeState {
  readonly sessions = new Map<string, StripeObject>();
  readonly intents = new Map<string, StripeObject>();
  readonly charges = new Map<string, StripeObject>();
  readonly refunds = new Map<string, StripeObject>();
  readonly disputes = new Map<string, StripeObject>();
  readonly transfers = new Map<string, StripeObject>();

  constructor(
    private readonly baseUrl: () => string,
    private readonly now: () => Date,
  ) {}

  private seconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  createSession(form: Record<string, FormValue>): StripeObject {
    const items = form['line_items'];
    if (!Array.isArray(items) || items.length === 0) {
      throw new FakeStripeError(
        400,
        'invalid_request_error',
        'Missing required param: line_items.',
        undefined,
        'line_items',
      );
    }
    let total = 0;
    let currency: string | undefined;
    for (const item of items) {
      const amount = Number(field(item, 'price_data', 'unit_amount'));
      const quantity = Number(field(item, 'quantity') ?? '1');
      currency = field(item, 'price_data', 'currency');
      if (!Number.isInteger(amount) || amount < 0) {
        throw new FakeStripeError(
          400,
          'invalid_request_error',
          'Invalid integer: unit_amount',
          undefined,
          'line_items[0][price_data][unit_amount]',
        );
      }
      total += amount * quantity;
    }
    if (currency === undefined || currency !== currency.toLowerCase()) {
      throw new FakeStripeError(
        400,
        'invalid_request_error',
        'Invalid currency',
        undefined,
        'currency',
      );
    }
    for (const key of ['success_url', 'cancel_url'] as const) {
      if (field(form, key) === undefined) {
        throw new FakeStripeError(
          400,
          'invalid_request_error',
          `Missing required param: ${key}.`,
          undefined,
          key,
        );
      }
    }
    const created = this.seconds();
    const expiresAt = field(form, 'expires_at');
    if (expiresAt !== undefined) {
      const at = Number(expiresAt);
      if (at < created + 30 * 60 || at > created + 24 * 3600) {
        throw new FakeStripeError(
          400,
          'invalid_request_error',
          'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.',
          undefined,
          'expires_at',
        );
      }
    }
    const id = newId('cs');
    const session: StripeObject = {
      id,
      object: 'checkout.session',
      amount_subtotal: total,
      amount_total: total,
      cancel_url: field(form, 'cancel_url'),
      client_reference_id: field(form, 'client_reference_id') ?? null,
      created,
      currency,
      customer: null,
      expires_at: expiresAt === undefined ? created + 24 * 3600 : Number(expiresAt),
      livemode: false,
      metadata: stringMap(form['metadata']),
      mode: field(form, 'mode') ?? 'payment',
      payment_intent: null,
      payment_method_types: ['card'],
      payment_status: 'unpaid',
      status: 'open',
      success_url: field(form, 'success_url'),
      url: `${this.baseUrl()}/c/pay/${id}`,
      // Kept for completion; Stripe copies it onto the PaymentIntent.
      _intent_metadata: stringMap(
        (form['payment_intent_data'] as Record<string, FormValue> | undefined)?.['metadata'],
      ),
    };
    this.sessions.set(id, session);
    return session;
  }

  session(id: string): StripeObject {
    const session = this.sessions.get(id);
    if (session === undefined) throw missing('checkout.session', id);
    return session;
  }

  /** The customer pays: a PaymentIntent and a Charge of `amountTotal` (default the total). */
  complete(
    sessionId: string,
    amountTotal?: number,
  ): { session: StripeObject; charge: StripeObject; intent: StripeObject } {
    const session = this.session(sessionId);
    if (session['status'] !== 'open')
      throw new Error(`fake Stripe: session ${sessionId} is ${String(session['status'])}`);
    const amount = amountTotal ?? (session['amount_total'] as number);
    const intent = this.intentFor(session, amount);
    const charge: StripeObject = {
      id: newId('ch'),
      object: 'charge',
      amount,
      amount_captured: amount,
      amount_refunded: 0,
      captured: true,
      created: this.seconds(),
      currency: session['currency'],
      disputed: false,
      livemode: false,
      metadata: {},
      paid: true,
      payment_intent: intent.id,
      refunded: false,
      status: 'succeeded',
    };
    this.charges.set(charge.id, charge);
    Object.assign(intent, {
      status: 'succeeded',
      amount_received: amount,
      latest_charge: charge.id,
      last_payment_error: null,
    });
    Object.assign(session, {
      status: 'complete',
      payment_status: 'paid',
      amount_total: amount,
      payment_intent: intent.id,
    });
    return { session, charge, intent };
  }

  /** A card attempt was declined; the session stays open. */
  decline(sessionId: string, message: string): StripeObject {
    const session = this.session(sessionId);
    const intent = this.intentFor(session, session['amount_total'] as number);
    Object.assign(intent, {
      status: 'requires_payment_method',
      last_payment_error: { type: 'card_error', code: 'card_declined', message },
    });
    return intent;
  }

  expire(sessionId: string): StripeObject {
    const session = this.session(sessionId);
    if (session['status'] !== 'open')
      throw new Error(`fake Stripe: session ${sessionId} is ${String(session['status'])}`);
    Object.assign(session, { status: 'expired' });
    return session;
  }

  private intentFor(session: StripeObject, amount: number): StripeObject {
    const existing = session['payment_intent'];
    if (typeof existing === 'string') return this.intent(existing);
    const intent: StripeObject = {
      id: newId('pi'),
      object: 'payment_intent',
      amount,
      amount_received: 0,
      created: this.seconds(),
      currency: session['currency'],
      latest_charge: null,
      last_payment_error: null,
      livemode: false,
      metadata: session['_intent_metadata'],
      status: 'requires_payment_method',
    };
    this.intents.set(intent.id, intent);
    session['payment_intent'] = intent.id;
    return intent;
  }

  intent(id: string): StripeObject {
    const intent = this.intents.get(id);
    if (intent === undefined) throw missing('payment_intent', id);
    return intent;
  }

  charge(id: string): StripeObject {
    const charge = this.charges.get(id);
    if (charge === undefined) throw missing('charge', id);
    return charge;
  }

  /** `POST /v1/refunds`: capped at what the charge has not refunded yet. */
  createRefund(form: Record<string, FormValue>): StripeObject {
    const intentId = field(form, 'payment_intent');
    const chargeId =
      field(form, 'charge') ??
      (intentId === undefined
        ? undefined
        : ((this.intent(intentId)['latest_charge'] as string | null) ?? undefined));
    if (chargeId === undefined) {
      throw new FakeStripeError(
        400,
        'invalid_request_error',
        'This PaymentIntent does not have a successful charge to refund.',
        'charge_not_refundable',
      );
    }
    const charge = this.charge(chargeId);
    const left = (charge['amount'] as number) - (charge['amount_refunded'] as number);
    const requested = field(form, 'amount');
    const amount = requested === undefined ? left : Number(requested);
    if (left === 0) {
      throw new FakeStripeError(
        400,
        'invalid_request_error',
        `Charge ${chargeId} has already been refunded.`,
        'charge_already_refunded',
      );
    }
    if (!Number.isInteger(amount) || amount <= 0 || amount > left) {
      throw new FakeStripeError(
        400,
        'invalid_request_error',
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
        'amount_too_large',
        'amount',
      );
    }
    return this.refund(charge, amount, stringMap(form['metadata']));
  }

  /** A refund made outside the API client (the dashboard): no metadata of ours. */
  refund(
    charge: StripeObject,
    amount: number,
    metadata: Record<string, string> = {},
  ): StripeObject {
    const refund: StripeObject = {
      id: newId('re'),
      object: 'refund',
      amount,
      charge: charge.id,
      created: this.seconds(),
      currency: charge['currency'],
      metadata,
      payment_intent: charge['payment_intent'],
      reason: null,
      status: 'succeeded',
    };
    this.refunds.set(refund.id, refund);
    const refunded = (charge['amount_refunded'] as number) + amount;
    Object.assign(charge, { amount_refunded: refunded, refunded: refunded === charge['amount'] });
    return refund;
  }

  listRefunds(query: URLSearchParams): StripeObject[] {
    const charge = query.get('charge');
    const intent = query.get('payment_intent');
    return [...this.refunds.values()]
      .filter(
        (refund) =>
          (charge === null || refund['charge'] === charge) &&
          (intent === null || refund['payment_intent'] === intent),
      )
      .reverse();
  }

  openDispute(chargeId: string): StripeObject {
    const charge = this.charge(chargeId);
    const dispute: StripeObject = {
      id: newId('dp'),
      object: 'dispute',
      amount: charge['amount'],
      balance_transactions: [],
      charge: charge.id,
      created: this.seconds(),
      currency: charge['currency'],
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: charge['payment_intent'],
      reason: 'fraudulent',
      status: 'needs_response',
    };
    this.disputes.set(dispute.id, dispute);
    charge['disputed'] = true;
    return dispute;
  }

  closeDispute(disputeId: string, outcome: 'won' | 'lost'): StripeObject {
    const dispute = this.disputes.get(disputeId);
    if (dispute === undefined) throw missing('dispute', disputeId);
    dispute['status'] = outcome;
    return dispute;
  }

  createTransfer(form: Record<string, FormValue>): StripeObject {
    const transfer: StripeObject = {
      id: newId('tr'),
      object: 'transfer',
      amount: Number(field(form, 'amount')),
      amount_reversed: 0,
      created: this.seconds(),
      currency: field(form, 'currency'),
      description: field(form, 'description') ?? null,
      destination: field(form, 'destination'),
      livemode: false,
      metadata: stringMap(form['metadata']),
      reversed: false,
      source_transaction: null,
      transfer_group: field(form, 'transfer_group') ?? null,
    };
    this.transfers.set(transfer.id, transfer);
    return transfer;
  }

  transfer(id: string): StripeObject {
    const transfer = this.transfers.get(id);
    if (transfer === undefined) throw missing('transfer', id);
    return transfer;
  }

  /**
   * `GET /v1/transfers` as Stripe documents "List all transfers": newest first, filtered by
   * `destination`, `transfer_group` and `created` (a timestamp or `created[gt|gte|lt|lte]`),
   * paged by `limit` (1 to 100, default 10) and the `starting_after` / `ending_before` cursors.
   */
  listTransfers(query: Record<string, FormValue>): {
    data: StripeObject[];
    has_more: boolean;
  } {
    const limit = Number(field(query, 'limit') ?? '10');
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new FakeStripeError(
        400,
        'invalid_request_error',
        'This value must be less than or equal to 100 (and at least 1).',
        undefined,
        'limit',
      );
    }
    const destination = field(query, 'destination');
    const group = field(query, 'transfer_group');
    const created = query['created'];
    const inCreated = (at: number): boolean => {
      if (created === undefined) return true;
      if (typeof created === 'string') return at === Number(created);
      const bound = (op: string) => field(created, op);
      const [gt, gte, lt, lte] = ['gt', 'gte', 'lt', 'lte'].map(bound);
      return (
        (gt === undefined || at > Number(gt)) &&
        (gte === undefined || at >= Number(gte)) &&
        (lt === undefined || at < Number(lt)) &&
        (lte === undefined || at <= Number(lte))
      );
    };
    // Insertion order is creation order; Stripe lists the newest first.
    let all = [...this.transfers.values()]
      .reverse()
      .filter(
        (t) =>
          (destination === undefined || t['destination'] === destination) &&
          (group === undefined || t['transfer_group'] === group) &&
          inCreated(t['created'] as number),
      );
    const after = field(query, 'starting_after');
    const before = field(query, 'ending_before');
    if (after !== undefined) {
      const index = all.findIndex((t) => t.id === after);
      if (index < 0) throw missing('transfer', after);
      all = all.slice(index + 1);
    } else if (before !== undefined) {
      const index = all.findIndex((t) => t.id === before);
      if (index < 0) throw missing('transfer', before);
      all = all.slice(0, index).slice(-limit);
    }
    return { data: all.slice(0, limit), has_more: all.length > limit };
  }
}
