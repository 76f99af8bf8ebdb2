// Every external channel delivers each notification once: email through the mail outbox to a
// real SMTP server, Telegram to a Bot API fake, webhooks signed to a receiver on loopback; the
// account's preferences decide which channel gets which event.

import {
  acceptContract,
  createNotificationWebhook,
  deleteNotificationWebhook,
  deleteTelegramChat,
  getNotificationPreferences,
  putNotificationPreferences,
  rotateNotificationWebhookSecret,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractWorld, contractWorld, deliver, rent, usdOffering } from '../contracts/_http';
import { SmtpSink, until } from '../mail/smtp-sink';
import { problemOf, type TestAccount } from '../offerings/_support';
import { verifiedAccount } from '../receipts/_support';
import { FakeTelegram } from './_fake-telegram';
import { receiverVerifies, WebhookReceiver } from './_webhook-receiver';
import { deliveriesOf, inboxOf, setChatInDatabase, settled } from './_world';

const sink = new SmtpSink();
const telegram = new FakeTelegram();
const receiver = new WebhookReceiver();
let world: ContractWorld;
let provider: TestAccount;

beforeAll(async () => {
  await Promise.all([sink.start(), telegram.start(), receiver.start()]);
  world = await contractWorld({
    SMTP_URL: sink.url,
    ...telegram.env(),
    DC_NOTIFY_WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true',
    DC_NOTIFY_INTERVAL_MS: '100',
    // The mail outbox is sent by the sweeper's billing round.
    DC_SWEEP_INTERVAL_MS: '200',
  });
  provider = await world.provider();
});
afterAll(async () => {
  await world?.stop();
  await Promise.all([sink.stop(), telegram.stop(), receiver.stop()]);
});

let chats = 1000;
function nextChat(): string {
  chats += 1;
  return String(chats);
}

/** Notification emails (not receipts) to `address`. */
const notificationMails = (address: string) =>
  sink.to(address).filter((message) => !message.subject?.startsWith('Receipt'));

const nowSeconds = () => Math.floor(world.clock.now().getTime() / 1000);

describe('email, Telegram and webhook', () => {
  it('deliver each notification once; the webhook signature verifies with the secret shown once', async () => {
    const renter = await verifiedAccount(world, sink);
    await world.fund(renter, 10_000);
    const chat = nextChat();
    await setChatInDatabase(world.server.database.db, renter.username, chat);
    const endpoint = await createNotificationWebhook(renter.client, {
      body: { url: receiver.url },
    });
    expect(endpoint.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const preferences = await getNotificationPreferences(renter.client, {});
    expect(preferences.channels).toEqual({
      email: { address: renter.email, verified: true },
      telegram: { available: true, chat_id: chat },
      webhook: {
        id: endpoint.id,
        url: receiver.url,
        created_at: endpoint.created_at,
        rotated_at: endpoint.rotated_at,
      },
    });
    expect(JSON.stringify(preferences)).not.toContain(endpoint.secret);

    const offering = await usdOffering(provider, { name: 'Channel VM' });
    const contract = await rent(renter, offering, 96);
    await acceptContract(provider.client, { id: contract.id });
    const [accepted] = await inboxOf(renter.client);
    if (accepted === undefined) throw new Error('no inbox entry');

    const rows = await settled(world.server.database.db, renter.username, 3);
    expect(rows.map((row) => [row.event, row.channel, row.status, row.attempts])).toEqual([
      ['contract_accepted', 'email', 'sent', 1],
      ['contract_accepted', 'telegram', 'sent', 1],
      ['contract_accepted', 'webhook', 'sent', 1],
    ]);
    const mail = await until('the email', () => notificationMails(renter.email)[0]);
    expect(mail.subject).toBe('Rental accepted: Channel VM');
    expect(mail.raw).toContain(contract.id);
    expect(telegram.to(chat).map((m) => m.text)).toEqual([
      `Rental accepted: Channel VM\n\n${accepted.body}`,
    ]);
    expect(receiver.requests).toHaveLength(1);
    const hook = receiver.requests[0];
    if (hook === undefined) throw new Error('no webhook request');
    expect(hook.id).toBe(accepted.id);
    expect(hook.event).toBe('contract_accepted');
    expect(JSON.parse(hook.body)).toEqual({
      id: accepted.id,
      event: 'contract_accepted',
      created_at: accepted.created_at,
      contract_id: contract.id,
      title: accepted.title,
      body: accepted.body,
      data: accepted.data,
    });
    expect(receiverVerifies(endpoint.secret, hook.signature, hook.body, nowSeconds())).toBe(true);
    // A changed body, another secret or a stale timestamp does not verify.
    expect(
      receiverVerifies(
        endpoint.secret,
        hook.signature,
        hook.body.replace('accepted', 'x'),
        nowSeconds(),
      ),
    ).toBe(false);
    expect(receiverVerifies(`${endpoint.secret}0`, hook.signature, hook.body, nowSeconds())).toBe(
      false,
    );
    expect(receiverVerifies(endpoint.secret, hook.signature, hook.body, nowSeconds() + 3600)).toBe(
      false,
    );

    // After a rotation only the new secret verifies.
    const rotated = await rotateNotificationWebhookSecret(renter.client, {});
    expect(rotated.id).toBe(endpoint.id);
    expect(rotated.secret).not.toBe(endpoint.secret);
    await deliver(world, contract.id);
    await settled(world.server.database.db, renter.username, 6);
    const second = receiver.requests[1];
    if (second === undefined) throw new Error('no second webhook request');
    expect(JSON.parse(second.body)).toMatchObject({ event: 'contract_provisioned' });
    expect(receiverVerifies(rotated.secret, second.signature, second.body, nowSeconds())).toBe(
      true,
    );
    expect(receiverVerifies(endpoint.secret, second.signature, second.body, nowSeconds())).toBe(
      false,
    );
    await until('the second email', () => notificationMails(renter.email)[1]);
    expect(notificationMails(renter.email).map((m) => m.subject)).toEqual([
      'Rental accepted: Channel VM',
      'Your server is ready: Channel VM',
    ]);
    expect(telegram.to(chat)).toHaveLength(2);
    expect(receiver.requests).toHaveLength(2);
  });

  it('follow the preferences per event and channel, and stop when a channel is removed', async () => {
    const renter = await verifiedAccount(world, sink);
    await world.fund(renter, 10_000);
    const chat = nextChat();
    await setChatInDatabase(world.server.database.db, renter.username, chat);
    const defaults = await getNotificationPreferences(renter.client, {});
    expect(defaults.events.find((e) => e.event === 'message_received')).toEqual({
      event: 'message_received',
      in_app: true,
      email: false,
      telegram: true,
      webhook: true,
    });
    expect(defaults.events.find((e) => e.event === 'contract_accepted')).toMatchObject({
      in_app: true,
      email: true,
    });
    const changed = await putNotificationPreferences(renter.client, {
      body: {
        changes: [
          { event: 'contract_accepted', channel: 'telegram', enabled: false },
          { event: 'contract_accepted', channel: 'email', enabled: false },
          { event: 'contract_provisioned', channel: 'in_app', enabled: false },
        ],
      },
    });
    expect(changed.events.find((e) => e.event === 'contract_accepted')).toEqual({
      event: 'contract_accepted',
      in_app: true,
      email: false,
      telegram: false,
      webhook: true,
    });

    const contract = await rent(renter, await usdOffering(provider, { name: 'Pref VM' }), 96);
    await acceptContract(provider.client, { id: contract.id });
    await deliver(world, contract.id);
    const rows = await settled(world.server.database.db, renter.username, 2);
    // No webhook configured: nothing queued for it; accepted goes nowhere outside the inbox.
    expect(rows.map((row) => [row.event, row.channel, row.status])).toEqual([
      ['contract_provisioned', 'email', 'sent'],
      ['contract_provisioned', 'telegram', 'sent'],
    ]);
    expect(telegram.to(chat).map((m) => m.text.split('\n')[0])).toEqual([
      'Your server is ready: Pref VM',
    ]);
    await until('the email', () => notificationMails(renter.email)[0]);
    expect(notificationMails(renter.email).map((m) => m.subject)).toEqual([
      'Your server is ready: Pref VM',
    ]);
    // In-app: accepted is listed, provisioned is not.
    expect((await inboxOf(renter.client)).map((n) => n.event)).toEqual(['contract_accepted']);

    // Without a Telegram chat the next event is not sent there.
    await deleteTelegramChat(renter.client, {});
    await deleteTelegramChat(renter.client, {});
    const next = await rent(renter, await usdOffering(provider, { name: 'Pref VM 2' }), 96);
    await acceptContract(provider.client, { id: next.id });
    await deliver(world, next.id);
    const after = await settled(world.server.database.db, renter.username, 3);
    expect(after.filter((row) => row.channel === 'telegram')).toHaveLength(1);
    expect(telegram.to(chat)).toHaveLength(1);
  });

  it('retry a 429 and a 500 after the backoff, and give up on a refused Telegram chat', async () => {
    const renter = await world.account();
    await world.fund(renter, 10_000);
    const chat = nextChat();
    await setChatInDatabase(world.server.database.db, renter.username, chat);
    await createNotificationWebhook(renter.client, { body: { url: receiver.url } });
    const before = receiver.requests.length;
    telegram.failures.push({
      status: 429,
      errorCode: 429,
      description: 'Too Many Requests: retry after 5',
      retryAfter: 5,
    });
    receiver.failNext = 1;
    const contract = await rent(renter, await usdOffering(provider), 96);
    await acceptContract(provider.client, { id: contract.id });
    const waiting = await until('both retries to be scheduled', async () => {
      const rows = await deliveriesOf(world.server.database.db, renter.username);
      return rows.length === 2 && rows.every((r) => r.last_error !== null) ? rows : undefined;
    });
    const telegramRow = waiting.find((row) => row.channel === 'telegram');
    const webhookRow = waiting.find((row) => row.channel === 'webhook');
    expect(telegramRow).toMatchObject({ status: 'pending', attempts: 1 });
    expect(telegramRow?.last_error).toContain('429');
    expect(webhookRow).toMatchObject({ status: 'pending', attempts: 1 });
    expect(webhookRow?.last_error).toContain('500');
    expect(telegram.to(chat)).toHaveLength(0);

    // The backoff (at most 1 h) passes on the server's clock.
    world.clock.advance(1);
    const rows = await settled(world.server.database.db, renter.username, 2);
    // No verified address: no email is queued.
    expect(rows.map((row) => [row.channel, row.status, row.attempts])).toEqual([
      ['telegram', 'sent', 2],
      ['webhook', 'sent', 2],
    ]);
    expect(telegram.to(chat)).toHaveLength(1);
    const hooks = receiver.requests.slice(before);
    expect(hooks).toHaveLength(2);
    expect(hooks[0]?.id).toBe(hooks[1]?.id);

    telegram.failures.push({
      status: 400,
      errorCode: 400,
      description: 'Bad Request: chat not found',
    });
    await deleteNotificationWebhook(renter.client, {});
    await deliver(world, contract.id);
    const final = await settled(world.server.database.db, renter.username, 3);
    const refused = final.find(
      (r) => r.event === 'contract_provisioned' && r.channel === 'telegram',
    );
    expect(refused).toMatchObject({ status: 'failed', attempts: 1 });
    expect(refused?.last_error).toContain('chat not found');
    world.clock.advance(2);
    expect(telegram.to(chat)).toHaveLength(1);
  });

  it('only take https webhook URLs and one endpoint per account', async () => {
    const account = await world.account();
    for (const url of ['http://hooks.example.com/x', 'https://user:pw@hooks.example.com/x']) {
      const problem = await problemOf(createNotificationWebhook(account.client, { body: { url } }));
      expect([problem.status, problem.paths[0]]).toEqual([422, 'body.url']);
    }
    const rotate = await problemOf(rotateNotificationWebhookSecret(account.client, {}));
    expect(rotate.status).toBe(404);
    await createNotificationWebhook(account.client, {
      body: { url: 'https://hooks.example.com/dc' },
    });
    const again = await problemOf(
      createNotificationWebhook(account.client, { body: { url: 'https://hooks.example.com/2' } }),
    );
    expect([again.status, again.code]).toEqual([409, 'webhook_exists']);
    await deleteNotificationWebhook(account.client, {});
    await deleteNotificationWebhook(account.client, {});
    expect((await getNotificationPreferences(account.client, {})).channels.webhook).toBeNull();
  });
});
