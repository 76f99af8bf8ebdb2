import {
  deleteChatwootSettings,
  getChatwootSettings,
  postContractMessage,
  putChatwootSettings,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractWorld, contractWorld, rent as rentOffering } from '../contracts/_http';
import { deliveredThread, type Thread } from '../messages/_thread';
import { problemOf, type TestAccount } from '../offerings/_support';
import { ENGINES } from '../support/server';
import { drainMirror, mirrorPass } from './_drain';
import { FakeChatwoot } from './_fake-chatwoot';

const TOKEN = 'cw-token-0123456789-abcd';
const ENV = { DC_CHATWOOT_ALLOW_INSECURE: 'true', DC_CHATWOOT_RETRY_BASE_MS: '1000' };

function enable(provider: TestAccount, fake: FakeChatwoot, extra: { api_token?: string } = {}) {
  return putChatwootSettings(provider.client, {
    body: { enabled: true, base_url: fake.url, account_id: 7, inbox_id: 3, ...extra },
  });
}

const say = (author: TestAccount, thread: Thread, text: string, automated = false) =>
  postContractMessage(author.client, {
    id: thread.contract.id,
    body: { text, ...(automated ? { automated } : {}) },
  });

/** How many times each text reached the fake, by text. */
function deliveries(fake: FakeChatwoot): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of fake.messages) {
    counts.set(message.content, (counts.get(message.content) ?? 0) + 1);
  }
  return counts;
}

describe('the Chatwoot mirror', () => {
  let world: ContractWorld;
  let fake: FakeChatwoot;
  beforeAll(async () => {
    world = await contractWorld(ENV);
    fake = await new FakeChatwoot(TOKEN).start();
  });
  afterAll(async () => {
    await world?.stop();
    await fake?.stop();
  });

  it('is off by default: nothing leaves the platform until the provider sets it up', async () => {
    const thread = await deliveredThread(world);
    await say(thread.renter, thread, 'private question');
    await drainMirror(world);
    expect(fake.requests.filter((r) => r.path.includes('messages'))).toHaveLength(0);
    const settings = await getChatwootSettings(thread.provider.client, {});
    expect(settings).toMatchObject({
      configured: false,
      enabled: false,
      api_token_configured: false,
      api_token_last4: null,
      mirror: { pending: 0, sent: 0, failed: 0 },
    });
  });

  it('keeps the token write-only: required once, shown as its last four characters only', async () => {
    const { provider } = await deliveredThread(world);
    const missing = await problemOf(enable(provider, fake));
    expect(missing).toMatchObject({ status: 422, paths: ['body.api_token'] });
    const saved = await enable(provider, fake, { api_token: TOKEN });
    expect(saved).toMatchObject({
      configured: true,
      enabled: true,
      base_url: fake.url,
      account_id: 7,
      inbox_id: 3,
      api_token_configured: true,
      api_token_last4: 'abcd',
    });
    // Saved again without a token: the stored one is kept.
    const kept = await putChatwootSettings(provider.client, {
      body: { enabled: false, base_url: `${fake.url}/`, account_id: 7, inbox_id: 3 },
    });
    expect(kept).toMatchObject({ enabled: false, base_url: fake.url, api_token_last4: 'abcd' });
    const shown = JSON.stringify(await getChatwootSettings(provider.client, {}));
    expect(shown).not.toContain(TOKEN);
    await deleteChatwootSettings(provider.client, {});
    expect(await getChatwootSettings(provider.client, {})).toMatchObject({
      configured: false,
      api_token_configured: false,
    });
    const renter = await world.account();
    expect(await problemOf(getChatwootSettings(renter.client, {}))).toMatchObject({
      status: 403,
      code: 'not_a_provider',
    });
  });

  it('mirrors each message once, in order, into one conversation per contract carrying contract_id', async () => {
    const thread = await deliveredThread(world);
    const { provider, renter } = thread;
    await enable(provider, fake, { api_token: TOKEN });
    // A second contract of the same renter with the same provider: same contact, own conversation.
    const second = { ...thread, contract: await rentOffering(renter, thread.offering, 24) };
    const before = { contacts: fake.contacts.length, conversations: fake.conversations.length };

    await say(renter, thread, 'm1: the server does not answer on port 22');
    await say(provider, thread, 'm2: we are looking into it', true);
    await say(provider, thread, 'm3: a firewall rule was wrong; fixed');
    await say(world.admin, thread, 'm4: closing the loop');
    await postContractMessage(renter.client, {
      id: thread.contract.id,
      body: {
        text: 'm5: logs attached',
        attachments: [
          { name: 'auth.log', url: 'https://files.example.com/auth.log', size_bytes: 12 },
        ],
      },
    });
    await say(renter, second, 'm6: and the second box?');
    await drainMirror(world);

    expect(fake.contacts.length - before.contacts).toBe(1);
    const contact = fake.contacts.at(-1);
    expect(contact).toMatchObject({ name: renter.username, inboxId: 3 });
    const conversations = fake.conversations.slice(before.conversations);
    expect(conversations.map((c) => c.customAttributes)).toEqual([
      { contract_id: thread.contract.id },
      { contract_id: second.contract.id },
    ]);
    for (const conversation of conversations) {
      expect(conversation).toMatchObject({ accountId: 7, inboxId: 3, contactId: contact?.id });
    }
    const [first, other] = conversations;
    const inFirst = fake.messages.filter((m) => m.conversationId === first?.id);
    expect(inFirst.map((m) => [m.messageType, m.private, m.content])).toEqual([
      ['incoming', false, 'm1: the server does not answer on port 22'],
      ['outgoing', false, '[automated] m2: we are looking into it'],
      ['outgoing', false, 'm3: a firewall rule was wrong; fixed'],
      ['outgoing', true, `[Decent Cloud admin ${world.admin.username}] m4: closing the loop`],
      [
        'incoming',
        false,
        'm5: logs attached\n\nAttachments:\n- auth.log: https://files.example.com/auth.log (12 bytes)',
      ],
    ]);
    expect(
      fake.messages.filter((m) => m.conversationId === other?.id).map((m) => m.content),
    ).toEqual(['m6: and the second box?']);
    expect(fake.requests.every((request) => request.token === TOKEN)).toBe(true);
    expect(await getChatwootSettings(provider.client, {})).toMatchObject({
      mirror: { pending: 0, sent: 6, failed: 0, last_error: null },
    });
  });

  it('never blocks a post on Chatwoot: failures are retried and still mirror each message once', async () => {
    const thread = await deliveredThread(world);
    await enable(thread.provider, fake, { api_token: TOKEN });
    fake.loseNextAnswer('contact');
    fake.failNext('message', 503, 2);
    const posted = await say(thread.renter, thread, 'r1: is there an outage?');
    expect(posted.text).toBe('r1: is there an outage?');
    const second = await say(thread.renter, thread, 'r2: second try');

    await drainMirror(world);
    // r1 failed three times (lost contact answer, two 503s) and r2 waited behind it.
    const outbox = await world.server.database.db
      .selectFrom('chatwoot_outbox')
      .select(['message_id', 'status', 'attempts', 'last_error'])
      .where('contract_id', '=', thread.contract.id)
      .execute();
    expect(new Map(outbox.map((row) => [row.message_id, row]))).toEqual(
      new Map([
        [posted.id, { message_id: posted.id, status: 'sent', attempts: 4, last_error: null }],
        [second.id, { message_id: second.id, status: 'sent', attempts: 1, last_error: null }],
      ]),
    );
    const counts = deliveries(fake);
    expect(counts.get('r1: is there an outage?')).toBe(1);
    expect(counts.get('r2: second try')).toBe(1);
    // The contact whose answer was lost was found again, not made twice.
    const identifiers = fake.contacts.map((c) => c.identifier);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    const conversation = fake.conversations.find(
      (c) => c.customAttributes['contract_id'] === thread.contract.id,
    );
    expect(
      fake.messages.filter((m) => m.conversationId === conversation?.id).map((m) => m.content),
    ).toEqual(['r1: is there an outage?', 'r2: second try']);
  });

  it('a provider whose Chatwoot is unreachable still posts; turning the mirror off cancels what waits', async () => {
    const thread = await deliveredThread(world);
    await putChatwootSettings(thread.provider.client, {
      body: {
        enabled: true,
        base_url: 'http://127.0.0.1:9',
        account_id: 1,
        inbox_id: 1,
        api_token: TOKEN,
      },
    });
    const posted = await say(thread.renter, thread, 'u1: hello?');
    expect(posted.id).toBeTruthy();
    let failing = await getChatwootSettings(thread.provider.client, {});
    for (let round = 0; failing.mirror.last_error === null && round < 100; round += 1) {
      await mirrorPass(world);
      failing = await getChatwootSettings(thread.provider.client, {});
    }
    expect(failing.mirror).toMatchObject({ pending: 1, sent: 0 });
    // What went wrong, in words the provider can act on, never the token nor a response body.
    expect(failing.mirror.last_error).toMatch(/^Chatwoot contact search: network error/);
    expect(failing.mirror.last_error).not.toContain(TOKEN);
    await putChatwootSettings(thread.provider.client, {
      body: { enabled: false, base_url: 'http://127.0.0.1:9', account_id: 1, inbox_id: 1 },
    });
    world.clock.advance(1);
    await drainMirror(world);
    expect((await getChatwootSettings(thread.provider.client, {})).mirror).toMatchObject({
      pending: 0,
      sent: 0,
    });
    await say(thread.renter, thread, 'u2: while off');
    await drainMirror(world);
    expect(deliveries(fake).has('u2: while off')).toBe(false);
  });
});

describe.each(ENGINES)('concurrent mirror workers (%s)', (engine) => {
  let world: ContractWorld;
  let fake: FakeChatwoot;
  beforeAll(async () => {
    world = await contractWorld(ENV, { engine });
    fake = await new FakeChatwoot(TOKEN).start();
  });
  afterAll(async () => {
    await world?.stop();
    await fake?.stop();
  });

  it('three workers and the server each take different threads: every message is sent once', async () => {
    const threads: Thread[] = [];
    for (let index = 0; index < 3; index += 1) {
      const thread = await deliveredThread(world);
      await enable(thread.provider, fake, { api_token: TOKEN });
      threads.push(thread);
    }
    const texts: string[] = [];
    for (const [index, thread] of threads.entries()) {
      for (let n = 0; n < 3; n += 1) {
        const text = `thread ${index} message ${n}`;
        texts.push(text);
        await say(n % 2 === 0 ? thread.renter : thread.provider, thread, text);
      }
    }
    fake.failNext('message', 500, 1);
    await Promise.all([mirrorPass(world), mirrorPass(world), mirrorPass(world)]);
    await drainMirror(world);
    const counts = deliveries(fake);
    expect(texts.map((text) => counts.get(text))).toEqual(texts.map(() => 1));
    expect(fake.messages).toHaveLength(texts.length);
    expect(fake.conversations.map((c) => c.customAttributes['contract_id']).sort()).toEqual(
      threads.map((t) => t.contract.id).sort(),
    );
  });
});
