// Exactly one card refund across a killed server PROCESS (billing.md §3): the process is killed
// (SIGKILL) once a refund is recorded and its Stripe call is on the wire but not processed (as
// if it never left: the killed process's connection drops it), and once Stripe has made the
// refund but before the process heard back. After a restart the refund is carried out or
// found, and the fake Stripe holds exactly one refund either way.

import {
  cancelContract,
  createClient,
  createContractCheckout,
  keyAuth,
  type Offering,
  registerAccount,
  rentContract,
} from '@dc/client';
import { generateIdentity } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect';
import { STRIPE_WEBHOOK_PATH } from '../../src/routes/payments/stripe-webhook';
import { key, SSH_KEY } from '../contracts/_http';
import { newProvider, offer, type TestAccount, unique } from '../offerings/_support';
import { closeCrashDatabase, openCrashDatabase } from '../support/crash-database';
import type { TestDatabase } from '../support/databases';
import { type FakeStripe, startFakeStripe } from '../support/fake-stripe';
import {
  killServerProcess as kill,
  type ServerProcess,
  startServerProcess,
} from '../support/process';
import type { TestServer } from '../support/server';
import { eventually, sessionIdOf } from './_world';

let stripe: FakeStripe;
let database: TestDatabase;
let db: DatabaseHandle;
let server: ServerProcess | undefined;

function env(): Record<string, string> {
  return {
    ...database.env,
    ...stripe.env(),
    DC_LOG_LEVEL: 'info',
    DC_SWEEP_INTERVAL_MS: '300',
    // A refund claim of the killed process ends 2 s + 5 s after it was taken.
    STRIPE_TIMEOUT_MS: '2000',
  };
}

beforeAll(async () => {
  stripe = await startFakeStripe();
  ({ database, db } = await openCrashDatabase());
});
afterAll(async () => {
  await kill(server);
  await closeCrashDatabase(database, db);
  await stripe?.stop();
});

/** Parties made through the running process's API. */
async function parties(url: string): Promise<{ renter: TestAccount; offering: Offering }> {
  const clientFor = () => {
    const identity = generateIdentity();
    return {
      identity,
      client: createClient({ baseUrl: url, auth: keyAuth(identity.secretKey), retries: 0 }),
    };
  };
  const provider = await newProvider({ clientFor } as unknown as TestServer);
  const offering = await offer(provider, { currency: 'USD', price_per_month: 1000 });
  const { client, identity } = clientFor();
  const username = unique('renter');
  await registerAccount(client, { body: { username } });
  return { renter: { client, identity, username }, offering };
}

/** A card rental paid through checkout and webhook, then cancelled: a 1000-cent card refund. */
async function cancelledCardRental(url: string) {
  const { renter, offering } = await parties(url);
  const contract = await rentContract(renter.client, {
    body: {
      offering_id: offering.id,
      hours: 720,
      ssh_public_keys: [SSH_KEY],
      os_image: offering.os_images[0] ?? 'debian-12',
      payment_rail: 'card',
      idempotency_key: key('rent'),
    },
  });
  const checkout = await createContractCheckout(renter.client, { id: contract.id, body: {} });
  const { intent, event } = stripe.complete(sessionIdOf(checkout.checkout_url));
  expect((await stripe.deliver(url + STRIPE_WEBHOOK_PATH, event)).status).toBe(200);
  const cancelled = await cancelContract(renter.client, { id: contract.id, body: {} });
  expect(cancelled.refund).toBe(1000);
  return { contractId: contract.id, intentId: intent.id };
}

function refundRow(contractId: string) {
  return db.db
    .selectFrom('refunds')
    .selectAll()
    .where('contract_id', '=', contractId)
    .executeTakeFirstOrThrow();
}

const refundsAtStripe = (intentId: string) =>
  stripe.refunds().filter((refund) => refund['payment_intent'] === intentId);

describe('card refunds across a killed server process', () => {
  it('killed after recording the refund, before Stripe processed the call: one refund after restart', async () => {
    server = await startServerProcess(env());
    const stall = stripe.stall('POST', '/v1/refunds', 'before');
    const { contractId, intentId } = await cancelledCardRental(server.url);
    await stall.arrived;
    expect(await refundRow(contractId)).toMatchObject({
      status: 'pending',
      provider_refund_id: null,
    });
    await kill(server);
    stall.release();
    expect(refundsAtStripe(intentId)).toEqual([]);

    server = await startServerProcess(env());
    const done = await eventually(
      async () => {
        const row = await refundRow(contractId);
        return row.status === 'succeeded' ? row : undefined;
      },
      'the refund after the restart',
      40_000,
    );
    const made = refundsAtStripe(intentId);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ id: done.provider_refund_id, amount: 1000 });
    // Both processes sent it under the refund's own key.
    const keys = stripe
      .requestsTo('POST', '/v1/refunds')
      .filter((request) => request.form['payment_intent'] === intentId)
      .map((request) => request.idempotencyKey);
    expect(keys).toEqual([`refund:${contractId}:cancel`, `refund:${contractId}:cancel`]);
    await kill(server);
  });

  it('killed after Stripe made the refund, before the answer arrived: still one refund after restart', async () => {
    server = await startServerProcess(env());
    const stall = stripe.stall('POST', '/v1/refunds', 'after');
    const { contractId, intentId } = await cancelledCardRental(server.url);
    await stall.arrived;
    expect(refundsAtStripe(intentId)).toHaveLength(1);
    await kill(server);
    stall.release();
    expect(await refundRow(contractId)).toMatchObject({
      status: 'pending',
      provider_refund_id: null,
    });

    server = await startServerProcess(env());
    const done = await eventually(
      async () => {
        const row = await refundRow(contractId);
        return row.status === 'succeeded' ? row : undefined;
      },
      'the refund after the restart',
      40_000,
    );
    const made = refundsAtStripe(intentId);
    expect(made).toHaveLength(1);
    expect(done.provider_refund_id).toBe(made[0]?.id);
    expect(done.attempts).toBe(2);
    await kill(server);
  });
});
