import type { RentBody } from '@dc/client';
import { transitionPayment } from '@dc/state-machine';
import { sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { AccountCaller } from '../auth/caller';
import type { Seller } from '../billing/seller';
import type { Database } from '../db/schema';
import { conflict, HttpProblem } from '../http/problem';
import { notifyPaidRequest } from '../notifications/contract-notices';
import { offeringValuesOf } from '../offerings/store';
import { checkCardRental, createContractPayment } from '../payments/contract-payment';
import { enqueueReceipt } from '../receipts/enqueue';
import { postWalletEntry } from '../wallet/post-entry';
import { partyActor } from './access';
import { applyContractEvent } from './apply-event';
import { autoAccepts } from './auto-accept';
import { pricedRental } from './priced-rental';
import type { ContractRow } from './row';
import { vatColumns } from './vat-snapshot';

/** Platform facts a rental depends on. */
export interface RentContext {
  readonly now: Date;
  /** From the server's configuration, never from the request. */
  readonly sandboxMode: boolean;
  /** Whether the card rail is configured (STRIPE_SECRET_KEY); card rentals are refused without. */
  readonly cardRail?: boolean;
  /** The configured seller (VAT is charged only with one), from the server's configuration. */
  readonly seller: Seller | null;
}

/**
 * Rents an offering inside `trx`: checks the offering, decides the VAT treatment (stored on the
 * contract: see `vatForRental`), prices the hours and their VAT with `@dc/pricing`, creates the
 * contract, its first segment and its history row, takes the payment of net + VAT (a wallet
 * debit, which fails with 402 and so creates nothing; by card, a pending payment paid later on
 * its checkout page) and, when the offering's auto-accept rule matches, accepts it as the
 * system. The contract's `paid` is net; its `vat_paid` the VAT. The renter's idempotency key
 * makes a retry return the contract the first call created.
 */
export async function rentContract(
  trx: Transaction<Database>,
  caller: AccountCaller,
  body: z.output<typeof RentBody>,
  context: RentContext,
): Promise<ContractRow> {
  const { now } = context;
  // Two concurrent retries of one rental wait here, so the second finds the first's contract.
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`rent:${caller.accountId}:${body.idempotency_key}`}))`.execute(
    trx,
  );
  const existing = await trx
    .selectFrom('contracts')
    .selectAll()
    .where('renter_id', '=', caller.accountId)
    .where('idempotency_key', '=', body.idempotency_key)
    .executeTakeFirst();
  if (existing !== undefined) return sameRental(trx, existing, body);

  const { offering, vat, price } = await pricedRental(
    trx,
    caller,
    { offeringId: body.offering_id, hours: body.hours, osImage: body.os_image },
    context.seller,
  );
  // A card rental is paid later, on its checkout page: its payment stays pending until then.
  const byCard = body.payment_rail === 'card';
  if (byCard) checkCardRental(context.cardRail === true, price.gross);
  // The payment machine counts net amounts (`paid`); the VAT is booked beside it.
  const payment = transitionPayment(
    { status: 'pending', paid: 0n, refunded: 0n },
    { type: 'payment_succeeded', amount: price.net.amount, rail: body.payment_rail },
    { sandboxMode: context.sandboxMode },
  );
  if (!payment.ok) {
    if (payment.error.code === 'sandbox_rail_outside_sandbox') {
      throw new HttpProblem(403, 'sandbox_rail_outside_sandbox', payment.error.message);
    }
    throw new HttpProblem(422, 'validation_failed', `body.hours: ${payment.error.message}`, {
      errors: [{ path: 'body.hours', message: 'the charge for so few hours rounds to nothing' }],
    });
  }
  const {
    allowed_accounts: _a,
    auto_accept_renters: _r,
    ...values
  } = offeringValuesOf(offering, []);
  const contract = await trx
    .insertInto('contracts')
    .values({
      offering_id: offering.id,
      renter_id: caller.accountId,
      provider_id: offering.provider_id,
      pool_id: offering.pool_id,
      provisioner: offering.provisioner,
      offering_snapshot: JSON.stringify({ id: offering.id, region: offering.region, ...values }),
      status: 'requested',
      paused_from: null,
      payment_status: byCard ? 'pending' : payment.payment.status,
      payment_rail: body.payment_rail,
      currency: offering.currency,
      currency_exponent: offering.currency_exponent,
      price_per_month: offering.price_per_month,
      setup_fee: offering.setup_fee,
      paid: byCard ? 0n : payment.payment.paid,
      ...vatColumns(vat),
      setup_fee_vat: price.setupFeeVat.amount,
      vat_paid: byCard ? 0n : price.vat.amount,
      ssh_public_keys: [...body.ssh_public_keys],
      os_image: body.os_image,
      idempotency_key: body.idempotency_key,
      requested_at: now,
      accepted_at: null,
      term_start: null,
      paused_since: null,
      ended_at: null,
      term_end: null,
      provision_first_leased_at: null,
      instance: null,
      instance_provisioner: null,
      instance_external_id: null,
      archived_at: null,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (body.payment_rail === 'wallet') {
    const memo =
      offering.setup_fee > 0n
        ? `${body.hours} h of ${offering.name} and its setup fee`
        : `${body.hours} h of ${offering.name}`;
    const debit = await postWalletEntry(trx, {
      accountId: caller.accountId,
      currency: offering.currency,
      amount: -price.gross.amount,
      kind: 'rental_debit',
      idempotencyKey: `rental:${contract.id}`,
      contractId: contract.id,
      memo,
      now,
    });
    await enqueueReceipt(trx, {
      paymentKey: `ledger:${debit.ledgerId}`,
      accountId: caller.accountId,
      kind: 'rental_debit',
      currency: offering.currency,
      amount: price.gross.amount,
      ...(vat.kind === 'none' ? {} : { vat: { amount: price.vat.amount, rateBps: vat.rateBps } }),
      description: memo,
      contractId: contract.id,
      at: now,
    });
  }
  await trx
    .insertInto('contract_segments')
    .values({
      contract_id: contract.id,
      seq: 1,
      hours: body.hours,
      amount: price.charge.amount,
      vat: price.chargeVat.amount,
      idempotency_key: `rent:${contract.id}`,
      created_at: now,
    })
    .execute();
  if (byCard) await createContractPayment(trx, contract, price.gross, now);
  const actor = partyActor(caller, 'renter');
  await trx
    .insertInto('contract_history')
    .values({
      contract_id: contract.id,
      from_status: null,
      to_status: 'requested',
      event: 'request',
      actor_role: actor.role,
      actor_key: actor.key,
      memo: null,
      at: now,
    })
    .execute();
  // A card rental is a paid request only once its payment arrives (payments/apply/contract.ts).
  if (!byCard) await notifyPaidRequest(trx, contract, now);
  // A card rental is auto-accepted once paid (payments/apply/contract.ts).
  if (byCard || !autoAccepts(offering, body.hours, caller.username)) return contract;
  const accepted = await applyContractEvent(trx, {
    contractId: contract.id,
    event: { type: 'accept' },
    actor: { role: 'system', key: `auto_accept:${offering.id}` },
    now,
    memo: 'auto_accept',
  });
  return accepted.contract;
}

/** A retried rental: the same key must describe the same rental. */
async function sameRental(
  trx: Transaction<Database>,
  existing: ContractRow,
  body: z.output<typeof RentBody>,
): Promise<ContractRow> {
  const first = await trx
    .selectFrom('contract_segments')
    .select('hours')
    .where('contract_id', '=', existing.id)
    .where('seq', '=', 1)
    .executeTakeFirst();
  if (
    existing.offering_id !== body.offering_id ||
    existing.os_image !== body.os_image ||
    first?.hours !== body.hours
  ) {
    throw conflict(
      'idempotency_key_reused',
      `The idempotency key "${body.idempotency_key}" already rented another offering, image or number of hours; use a new key for a new rental.`,
    );
  }
  return existing;
}
