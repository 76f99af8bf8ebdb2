import {
  acceptContract,
  type Contract,
  getMyEarnings,
  listMyEarnings,
  type Offering,
  putProviderProfile,
} from '@dc/client';
import { type AccrualReport, runAccrual } from '../../src/earnings/run-accrual';
import { type ContractWorld, deliver, rent, usdOffering } from '../contracts/_http';
import { profileBody, type TestAccount } from '../offerings/_support';

/** A provider of the world with one USD offering (10.00 a month unless told). */
export interface Seller extends TestAccount {
  readonly poolId: string;
  readonly offering: Offering;
}

/** A provider with an offering; with `stripeAccount`, their profile names it for payouts. */
export async function seller(
  world: ContractWorld,
  options: { readonly stripeAccount?: string; readonly setupFee?: number } = {},
): Promise<Seller> {
  const provider = await world.provider();
  if (options.stripeAccount !== undefined) {
    await putProviderProfile(provider.client, {
      body: { ...profileBody(provider.username), payout_stripe_account: options.stripeAccount },
    });
  }
  const offering = await usdOffering(
    provider,
    options.setupFee === undefined ? {} : { setup_fee: options.setupFee },
  );
  return { ...provider, offering };
}

/** A renter who rented `hours` of `provider`'s offering, accepted and delivered now. */
export async function deliveredContract(
  world: ContractWorld,
  provider: Seller,
  hours = 720,
): Promise<{ renter: TestAccount; contract: Contract }> {
  const renter = await world.account();
  await world.fund(renter, 100_000);
  const contract = await rent(renter, provider.offering, hours);
  await acceptContract(provider.client, { id: contract.id });
  await deliver(world, contract.id);
  return { renter, contract };
}

/** One accrual pass at the world's time, as the sweeper runs it; a failed accrual throws. */
export async function accrue(world: ContractWorld, feeBps: bigint): Promise<AccrualReport> {
  const errors: unknown[] = [];
  const report = await runAccrual(world.server.database.db, {
    now: world.clock.now(),
    feeBps,
    log: { error: (details: unknown) => errors.push(details) },
  });
  if (report.failed.length > 0)
    throw new Error(`accrual failed: ${String((errors[0] as { err?: unknown })?.err)}`);
  return report;
}

/** The provider's USD balance (zeros when nothing was accrued yet). */
export async function usdBalance(provider: TestAccount) {
  const summary = await getMyEarnings(provider.client, {});
  return (
    summary.balances.find((b) => b.currency === 'USD') ?? {
      currency: 'USD',
      earned: 0,
      platform_fee: 0,
      paid_out: 0,
      in_flight: 0,
      held: 0,
      payable: 0,
      owed: 0,
      last_accrued_at: null,
    }
  );
}

/** Every ledger entry of one contract, in accrual order. */
export async function entriesOf(provider: TestAccount, contractId: string) {
  const page = await listMyEarnings(provider.client, { contract_id: contractId, limit: 100 });
  return [...page.items].sort((a, b) => a.seq - b.seq);
}

/**
 * The spec's formulas (contracts.md §4) for one segment of `paid` minor units over `hours`,
 * `usedHours` used, written out here independently of @dc/pricing: refund rounded down, fee
 * half up, earnings by subtraction.
 */
export function specSettlement(paid: bigint, hours: bigint, usedHours: bigint, feeBps: bigint) {
  const refundable = (paid * (hours - usedHours)) / hours; // bigint division floors (>= 0)
  const consumed = paid - refundable;
  const fee = (consumed * feeBps * 2n + 10_000n) / 20_000n; // half up
  return { refundable, consumed, fee, earned: consumed - fee };
}
