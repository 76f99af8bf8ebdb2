import { acceptContract, buyNotificationTier, extendContract } from '@dc/client';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SmtpMailer } from '../../src/mail/smtp-mailer';
import { messageIdFor } from '../../src/receipts/render';
import { deliverDueMail, type OutboxRun } from '../../src/receipts/worker';
import { deliver, HOUR, key, rent, usdOffering } from '../contracts/_http';
import { SmtpSink, until } from '../mail/smtp-sink';
import type { TestAccount } from '../offerings/_support';
import { rentByCard } from '../payments/_card';
import { type PaymentWorld, paymentWorld, startTopUp } from '../payments/_world';
import { verifiedAccount } from './_support';

const sink = new SmtpSink();
// A contract world with a fake Stripe beside it, for the card payments' receipts.
let world: PaymentWorld;
let provider: TestAccount;
let mailer: SmtpMailer;

beforeAll(async () => {
  await sink.start();
  world = await paymentWorld({ SMTP_URL: sink.url });
  provider = await world.provider();
  mailer = new SmtpMailer(sink.url, 'Decent Cloud <billing@decent-cloud.test>');
});
afterAll(async () => {
  mailer?.close();
  await world?.stop();
  await sink.stop();
});

const run = (overrides: Partial<OutboxRun> = {}) =>
  deliverDueMail(world.server.database.db, mailer, {
    now: world.clock.now(),
    leaseMs: 300_000,
    batchSize: 50,
    maxAttempts: 3,
    log: pino({ level: 'silent' }),
    ...overrides,
  });

async function outboxRow(contractId: string, kind = 'rental_debit') {
  const rows = await world.server.database.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where(({ eb, ref }) =>
      eb(
        eb.fn('jsonb_extract_path_text', [ref('payload'), eb.val('contract_id')]),
        '=',
        contractId,
      ),
    )
    .execute();
  return rows.filter((row) => (row.payload as { kind: string }).kind === kind);
}

// Each test starts with an empty queue: what earlier tests left due is sent (far ahead). The
// server's notification worker first hands the emails it is still working on ("accepted",
// "ready") to the mail outbox, so none arrives in the middle of the next test.
beforeEach(async () => {
  await until('the notification emails in hand to reach the mail outbox', async () => {
    const busy = await world.server.database.db
      .selectFrom('notification_deliveries')
      .select('id')
      .where('channel', '=', 'email')
      .where('status', '=', 'pending')
      // Due, or claimed by the worker right now (a claim moves `available_at` a lease ahead;
      // a failed attempt's backoff also does, but it keeps its error, and is not waited for).
      .where((eb) =>
        eb.or([eb('available_at', '<=', world.clock.now()), eb('last_error', 'is', null)]),
      )
      .limit(1)
      .executeTakeFirst();
    return busy === undefined ? true : undefined;
  });
  await run({ now: new Date(world.clock.now().getTime() + 10_000 * HOUR) });
});

describe('receipts for wallet payments', () => {
  it('a rental paid from the wallet mails one receipt to the verified address', async () => {
    const renter = await verifiedAccount(world, sink);
    await world.fund(renter, 5000);
    const offering = await usdOffering(provider, { setup_fee: 250, name: 'Receipt VPS' });
    const contract = await rent(renter, offering, 72);
    // Two workers at once (SKIP LOCKED claims) and a third run later: one message.
    await Promise.all([run(), run()]);
    await run();
    const [message, ...more] = sink.to(renter.email);
    expect(more).toHaveLength(0);
    const [row] = await outboxRow(contract.id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, recipient: renter.email });
    expect(message?.messageId).toBe(`<${messageIdFor(row?.key ?? '')}>`);
    expect(row?.key).toMatch(/^receipt:ledger:[0-9]+$/);
    // 72 h of USD 10.00 a month is 1.00, plus the 2.50 setup fee.
    expect(message?.subject).toBe('Receipt: 3.50 USD for 72 h of Receipt VPS and its setup fee');
    expect(message?.raw).toContain(contract.id);
  });

  it('a retried rental (same idempotency key) queues no second receipt', async () => {
    const renter = await verifiedAccount(world, sink);
    await world.fund(renter, 5000);
    const offering = await usdOffering(provider);
    const idempotencyKey = key('rent');
    const contract = await rent(renter, offering, 24, idempotencyKey);
    await rent(renter, offering, 24, idempotencyKey);
    expect(await outboxRow(contract.id)).toHaveLength(1);
    await run();
    expect(sink.to(renter.email)).toHaveLength(1);
  });

  it('an extension paid from the wallet gets a receipt of its own', async () => {
    const renter = await verifiedAccount(world, sink);
    await world.fund(renter, 5000);
    const offering = await usdOffering(provider);
    const contract = await rent(renter, offering, 24);
    await acceptContract(provider.client, { id: contract.id });
    await deliver(world, contract.id);
    await extendContract(renter.client, {
      id: contract.id,
      body: { hours: 720, idempotency_key: key('extend') },
    });
    await run();
    // The renter is also told "accepted" and "ready" by email (notifications): receipts only.
    const subjects = sink
      .to(renter.email)
      .map((message) => message.subject)
      .filter((subject) => subject?.startsWith('Receipt'));
    expect(subjects).toHaveLength(2);
    expect(subjects).toContain(`Receipt: 10.00 USD for Extension of contract ${contract.id}`);
    expect(await outboxRow(contract.id, 'extension_debit')).toMatchObject([{ status: 'sent' }]);
  });

  it('a refused send stays pending with its error, is retried after the backoff, and is sent once', async () => {
    const renter = await verifiedAccount(world, sink);
    await world.fund(renter, 5000);
    const contract = await rent(renter, await usdOffering(provider), 24);
    sink.refuseRecipients = 1;
    expect(await run()).toMatchObject({ sent: 0, retried: 1 });
    const [refused] = await outboxRow(contract.id);
    expect(refused).toMatchObject({ status: 'pending', attempts: 1, sent_at: null });
    expect(refused?.last_error).toMatch(/451|busy/i);
    // Not due again before its backoff ends.
    expect(await run()).toMatchObject({ sent: 0, retried: 0 });
    expect(sink.to(renter.email)).toHaveLength(0);
    expect(await run({ now: new Date(world.clock.now().getTime() + HOUR) })).toMatchObject({
      sent: 1,
    });
    expect(sink.to(renter.email)).toHaveLength(1);
    expect(await outboxRow(contract.id)).toMatchObject([
      { status: 'sent', attempts: 2, last_error: null },
    ]);
  });

  it('gives up after the last attempt: failed, with the last error kept, never marked sent', async () => {
    const renter = await verifiedAccount(world, sink);
    await world.fund(renter, 5000);
    const contract = await rent(renter, await usdOffering(provider), 24);
    sink.refuseRecipients = 3;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await run({ now: new Date(world.clock.now().getTime() + attempt * 24 * HOUR) });
    }
    expect(sink.to(renter.email)).toHaveLength(0);
    const [row] = await outboxRow(contract.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, sent_at: null });
    expect(row?.last_error).toMatch(/451|busy/i);
    expect(await run({ now: new Date(world.clock.now().getTime() + 100 * 24 * HOUR) })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      undeliverable: 0,
    });
  });

  it('an account without a verified email is not mailed: the receipt is undeliverable', async () => {
    const renter = await world.account();
    await world.fund(renter, 5000);
    const contract = await rent(renter, await usdOffering(provider), 24);
    expect(await run()).toMatchObject({ undeliverable: 1 });
    const [row] = await outboxRow(contract.id);
    expect(row).toMatchObject({ status: 'undeliverable', recipient: null });
    expect(row?.last_error).toMatch(/no verified email/);
  });
});

describe('receipts for notification tiers', () => {
  it('a tier bought from the wallet, retried with the same key, mails one receipt naming the tier and its price', async () => {
    const renter = await verifiedAccount(world, sink);
    await world.fund(renter, 5_000);
    const body = { tier: 'pro', currency: 'USD', idempotency_key: key('tier') };
    const first = await buyNotificationTier(renter.client, { body });
    const retried = await buyNotificationTier(renter.client, { body });
    expect(retried.id).toBe(first.id);
    // Two workers at once, then one after their claims' lease: a row not marked sent would
    // be sent again.
    await Promise.all([run(), run()]);
    await run({ now: new Date(world.clock.now().getTime() + HOUR) });
    const receipts = sink
      .to(renter.email)
      .filter((message) => message.subject?.startsWith('Receipt'));
    expect(receipts.map((message) => message.subject)).toEqual([
      'Receipt: 20.00 USD for Notification tier pro for 30 days',
    ]);
    const [receipt] = receipts;
    expect(receipt?.raw).toContain('Amount paid:  20.00 USD');
    expect(receipt?.raw).toContain('For:          Notification tier pro for 30 days');
    expect(receipt?.raw).toContain('Payment:      Paid from your wallet');
    // Keyed by the debit's ledger entry, the one the purchase points at.
    expect(receipt?.messageId).toBe(`<${messageIdFor(`receipt:ledger:${first.wallet_entry_id}`)}>`);
  });
});

describe('receipts for card payments', () => {
  /**
   * Delivers the checkout's completion the ways Stripe may: the same event twice, at once and
   * again later, and a second event for the same session under a new event id.
   */
  async function completeTwice(sessionId: string) {
    const { event, session } = world.stripe.complete(sessionId);
    const first = await Promise.all([world.deliver(event), world.deliver(event)]);
    expect(first.map((answer) => answer.status)).toEqual([200, 200]);
    expect(first.filter((answer) => answer.body['duplicate'] === false)).toHaveLength(1);
    expect(await world.deliver(event)).toMatchObject({ status: 200, body: { duplicate: true } });
    const another = world.stripe.event('checkout.session.completed', session);
    expect(await world.deliver(another)).toMatchObject({
      status: 200,
      body: { duplicate: false },
    });
  }

  const receiptsTo = (email: string) =>
    sink.to(email).filter((message) => message.subject?.startsWith('Receipt'));

  it('a card top-up delivers exactly one receipt even when its completion webhook comes twice', async () => {
    const payer = await verifiedAccount(world, sink);
    const checkout = await startTopUp(payer, 2500);
    await completeTwice(checkout.sessionId);
    // Two workers at once, then one after their claims' lease: a row not marked sent would
    // be sent again.
    await Promise.all([run(), run()]);
    await run({ now: new Date(world.clock.now().getTime() + HOUR) });
    const receipts = receiptsTo(payer.email);
    expect(receipts.map((message) => message.subject)).toEqual([
      'Receipt: 25.00 USD for Wallet top-up of 25.00 USD by card',
    ]);
    expect(receipts[0]?.messageId).toBe(
      `<${messageIdFor(`receipt:payment:${checkout.payment.id}`)}>`,
    );
    expect(receipts[0]?.raw).toContain('Payment:      Wallet top-up by card');
  });

  it('a card rental delivers exactly one receipt even when its completion webhook comes twice', async () => {
    const renter = await verifiedAccount(world, sink);
    const offering = await usdOffering(provider, { name: 'Card VPS' });
    const { contract, checkout, sessionId } = await rentByCard(renter, offering);
    await completeTwice(sessionId);
    // Two workers at once, then one after their claims' lease: a row not marked sent would
    // be sent again.
    await Promise.all([run(), run()]);
    await run({ now: new Date(world.clock.now().getTime() + HOUR) });
    const receipts = receiptsTo(renter.email);
    // 720 h of USD 10.00 a month.
    expect(receipts.map((message) => message.subject)).toEqual([
      'Receipt: 10.00 USD for 720 h of Card VPS by card (10.00 USD)',
    ]);
    expect(receipts[0]?.messageId).toBe(
      `<${messageIdFor(`receipt:payment:${checkout.payment.id}`)}>`,
    );
    expect(receipts[0]?.raw).toContain('Payment:      Card payment');
    expect(receipts[0]?.raw).toContain(contract.id);
  });
});
