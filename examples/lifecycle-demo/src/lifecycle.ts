import {
  add,
  chargeForHours,
  computeVat,
  formatMoney,
  type Money,
  money,
  proratedRefund,
  type Segment,
  type Settlement,
  segmentFor,
  settlement,
  type TermClock,
  termEnd,
  vatTreatment,
} from '@dc/pricing';
import {
  type Actor,
  type ContractEvent,
  type ContractSnapshot,
  type Effect,
  type PaymentEvent,
  transitionOrThrow,
  transitionPayment,
} from '@dc/state-machine';

/** One printed step of the demo. */
export interface Step {
  readonly at: Date;
  readonly title: string;
  readonly lines: readonly string[];
}

const HOUR = 3_600_000;
const PLATFORM_FEE_BPS = 1000n; // 10 %: a platform setting; the spec's default is 0.

/**
 * Runs the story and returns its steps: every status change through `transitionOrThrow`, every
 * amount through `@dc/pricing`, and the effects applied the way the API applies them.
 */
export function runLifecycle(): Step[] {
  const steps: Step[] = [];
  const t0 = new Date('2026-03-01T09:00:00Z');
  const after = (hours: number) => new Date(t0.getTime() + hours * HOUR);
  const price = money(1000n, 'USD'); // $10.00 per month (720 h)
  const renter: Actor = { role: 'renter', key: 'renter-ed25519-key' };
  const provider: Actor = { role: 'provider', key: 'provider-ed25519-key' };
  const agent: Actor = { role: 'agent', key: 'agent-ed25519-key', holdsLease: true };

  let segments: Segment[] = [segmentFor(price, 720n)];
  let refunded = money(0n, 'USD');
  let clock: TermClock = { start: null, pausedMillis: 0n, pausedSince: null, endedAt: null };
  let contract: ContractSnapshot = {
    status: 'requested',
    pausedFrom: null,
    payment: { status: 'pending', paid: 0n, refunded: 0n },
    requestedAt: t0,
    termStart: null,
    termEnd: null,
    provisionJob: null,
  };

  const pay = (event: PaymentEvent) => {
    const result = transitionPayment(contract.payment, event, { sandboxMode: false });
    if (!result.ok) throw new Error(result.error.message);
    contract = { ...contract, payment: result.payment };
  };
  const send = (now: Date, actor: Actor, event: ContractEvent, extra: string[] = []) => {
    const result = transitionOrThrow(contract, event, { now, actor });
    const lines = [
      `${result.history.from} -> ${result.status}   by ${actor.role}`,
      ...result.effects.map(describeEffect),
    ];
    for (const effect of result.effects) {
      if (effect.type === 'start_term') clock = { ...clock, start: effect.at };
      if (effect.type === 'enqueue' && effect.job === 'provision') {
        contract = { ...contract, provisionJob: { firstLeasedAt: null, leaseExpiresAt: null } };
      }
      if (effect.type === 'refund' && effect.mode === 'prorated') {
        const amount = proratedRefund({
          segments,
          clock: { ...clock, endedAt: now },
          now,
          refunded,
        });
        pay({
          type: 'refund',
          amount: amount.amount,
          idempotencyKey: `refund:demo-contract:${event.type}`,
        });
        refunded = add(refunded, amount);
        lines.push(`refund to the wallet: ${usd(amount)}`);
      }
    }
    contract = {
      ...contract,
      status: result.status,
      termStart: clock.start,
      termEnd: termEnd(clock, segments),
    };
    steps.push({ at: now, title: event.type, lines: [...lines, ...extra] });
  };

  // 1. Rent 720 h from the wallet: the charge and the payment in one transaction.
  const charge = chargeForHours(price, 720n);
  pay({ type: 'payment_succeeded', amount: charge.amount, rail: 'wallet' });
  const vat = vatTreatment({
    sellerCountry: 'EE',
    buyerCountry: 'DE',
    buyerIsBusiness: false,
    buyerVatNumberValidated: false,
  });
  const taxed = computeVat(charge, vat.rateBps);
  steps.push({
    at: t0,
    title: 'rent',
    lines: [
      `offering: sandbox VPS at ${usd(price)}/month; 720 h charged ${usd(charge)} from the wallet`,
      `payment: ${contract.payment.status}, paid ${usd(charge)}`,
      `VAT on the invoice if the price is net (seller EE, consumer in DE, ${vat.kind}): net ${usd(taxed.net)} + ${bps(vat.rateBps)} ${usd(taxed.vat)} = ${usd(taxed.gross)}`,
    ],
  });

  // 2. The provider accepts; an agent leases the job and delivers 20 minutes later.
  send(after(0.1), provider, { type: 'accept' });
  contract = {
    ...contract,
    provisionJob: { firstLeasedAt: after(0.2), leaseExpiresAt: after(0.3) },
  };
  send(after(0.2), agent, { type: 'start_provisioning' });
  const delivered = after(20 / 60);
  send(delivered, agent, { type: 'provisioned', sealedCredentials: true, sshKeyAccess: true }, [
    `term: ${iso(delivered)} .. ${iso(termEnd({ ...clock, start: delivered }, segments))} (delivery delay not billed)`,
  ]);
  send(
    after(1),
    { role: 'system', key: 'health:first-check' },
    { type: 'activate', cause: 'healthy_check' },
  );

  // 3. After 10 days of service the renter buys one more week at today's price.
  const extendAt = new Date(delivered.getTime() + 240 * HOUR);
  const week = segmentFor(price, 168n);
  pay({ type: 'additional_payment', amount: week.amount.amount });
  segments = [...segments, week];
  send(
    extendAt,
    renter,
    {
      type: 'extend',
      segment: { hours: week.hours, amount: week.amount.amount },
      payment: { status: 'succeeded', amount: week.amount.amount },
    },
    [
      `charged ${usd(week.amount)} for 168 h; paid so far ${usd(money(contract.payment.paid, 'USD'))}`,
      `new term end: ${iso(termEnd(clock, segments))}`,
    ],
  );
  steps.push({
    at: extendAt,
    title: 'money at day 10',
    lines: describeSettlement(
      settlement({ segments, clock, now: extendAt, refunded, feeBps: PLATFORM_FEE_BPS }),
    ),
  });

  // 4. Four days later the renter cancels: the unused time comes back, pro rata.
  const cancelAt = new Date(extendAt.getTime() + 96 * HOUR);
  send(cancelAt, renter, { type: 'cancel', reason: 'project finished' });
  clock = { ...clock, endedAt: cancelAt };
  steps.push({
    at: cancelAt,
    title: 'final settlement',
    lines: [
      ...describeSettlement(
        settlement({ segments, clock, now: cancelAt, refunded, feeBps: PLATFORM_FEE_BPS }),
      ),
      `payment: ${contract.payment.status}`,
    ],
  });
  return steps;
}

function describeSettlement(s: Settlement): string[] {
  return [
    `paid ${usd(s.paid)} = consumed ${usd(s.consumed)} + refundable ${usd(s.refundable)} + refunded ${usd(s.refunded)}`,
    `consumed ${usd(s.consumed)} = provider earned ${usd(s.earned)} + platform fee ${usd(s.platformFee)} (${bps(PLATFORM_FEE_BPS)})`,
  ];
}

function describeEffect(effect: Effect): string {
  switch (effect.type) {
    case 'refund':
      return `effect: refund (${effect.mode})`;
    case 'enqueue':
      return `effect: enqueue ${effect.job} job`;
    case 'start_term':
      return `effect: paid term starts ${iso(effect.at)}`;
    case 'add_segment':
      return `effect: add paid segment of ${effect.hours} h`;
    default:
      return `effect: ${effect.type}`;
  }
}

const usd = (m: Money): string => `$${formatMoney(m)}`;
const bps = (b: bigint): string => `${b / 100n}.${(b % 100n).toString().padStart(2, '0')} %`;
const iso = (d: Date | null): string => (d === null ? '-' : d.toISOString().replace('.000Z', 'Z'));
