import {
  getContractReadReceipts,
  listContractMessages,
  markContractMessagesRead,
  postContractMessage,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractWorld, contractWorld, key, rawSigned } from '../contracts/_http';
import { problemOf, type TestAccount } from '../offerings/_support';
import { deliveredThread, notificationsOf, type Thread, tokenClient } from './_thread';

let world: ContractWorld;
beforeAll(async () => {
  world = await contractWorld();
});
afterAll(() => world?.stop());

const say = (client: Thread['renter']['client'], id: string, text: string) =>
  postContractMessage(client, { id, body: { text } });

/** What the server itself answers to a message body the client would refuse to send. */
async function refusal(author: TestAccount, contractId: string, body: unknown) {
  const answer = await rawSigned(
    world,
    author,
    'POST',
    `/v1/contracts/${contractId}/messages`,
    body,
  );
  const errors = (answer.json['errors'] ?? []) as { path: string }[];
  return { status: answer.status, paths: errors.map((issue) => issue.path) };
}

describe('who reads and writes a contract thread', () => {
  it('its renter, its provider and an admin share one thread, in order', async () => {
    const { renter, provider, contract } = await deliveredThread(world);
    const asked = await say(renter.client, contract.id, 'Is IPv6 routed to the box?');
    const answered = await say(provider.client, contract.id, 'Yes, a /64.');
    const noted = await say(world.admin.client, contract.id, 'Admin: all good here.');
    expect([asked.author_role, answered.author_role, noted.author_role]).toEqual([
      'renter',
      'provider',
      'admin',
    ]);
    expect(asked).toMatchObject({ author: renter.username, automated: false, attachments: [] });
    for (const reader of [renter, provider, world.admin]) {
      const page = await listContractMessages(reader.client, { id: contract.id });
      expect(page.items.map((message) => message.id)).toEqual([asked.id, answered.id, noted.id]);
      expect(page.next_cursor).toBeNull();
    }
  });

  it('a stranger and another provider get 404 for the thread and its receipts, and write nothing', async () => {
    const { renter, contract } = await deliveredThread(world);
    const other = await deliveredThread(world);
    const stranger = await world.account('stranger');
    await say(renter.client, contract.id, 'first');
    for (const outsider of [stranger, other.provider, other.renter]) {
      // Thunks, not promises: a call started before the previous one is awaited
      // would reject with no handler attached yet.
      const calls = [
        () => listContractMessages(outsider.client, { id: contract.id }),
        () => getContractReadReceipts(outsider.client, { id: contract.id }),
        () => say(outsider.client, contract.id, 'let me in'),
      ];
      for (const call of calls) {
        expect(await problemOf(call())).toMatchObject({ status: 404, code: 'not_found' });
      }
    }
    const page = await listContractMessages(renter.client, { id: contract.id });
    expect(page.items.map((message) => message.text)).toEqual(['first']);
  });
});

describe('message bodies', () => {
  it('takes up to 10,000 characters and https attachments by reference, refusing the rest by field', async () => {
    const { renter, contract } = await deliveredThread(world);
    const longest = await say(renter.client, contract.id, 'x'.repeat(10_000));
    expect(longest.text).toHaveLength(10_000);
    // The client refuses to send it; the server refuses it too.
    await expect(say(renter.client, contract.id, 'x'.repeat(10_001))).rejects.toThrow(/body\.text/);
    expect(await refusal(renter, contract.id, { text: 'x'.repeat(10_001) })).toEqual({
      status: 422,
      paths: ['body.text'],
    });

    const sha256 = 'ab'.repeat(32);
    const withFiles = await postContractMessage(renter.client, {
      id: contract.id,
      body: {
        attachments: [
          {
            name: 'dmesg.txt',
            url: 'https://files.example.com/dmesg.txt',
            size_bytes: 4096,
            sha256,
          },
          { name: 'screenshot.png', url: 'https://files.example.com/s.png' },
        ],
      },
    });
    expect(withFiles.text).toBe('');
    expect(withFiles.attachments).toEqual([
      { name: 'dmesg.txt', url: 'https://files.example.com/dmesg.txt', size_bytes: 4096, sha256 },
      {
        name: 'screenshot.png',
        url: 'https://files.example.com/s.png',
        size_bytes: null,
        sha256: null,
      },
    ]);
    const plainHttp = {
      text: 'see',
      attachments: [{ name: 'a', url: 'http://files.example.com/a' }],
    };
    expect(await refusal(renter, contract.id, plainHttp)).toEqual({
      status: 422,
      paths: ['body.attachments.0.url'],
    });
    expect(await refusal(renter, contract.id, {})).toEqual({ status: 422, paths: ['body.text'] });
    expect(await refusal(renter, contract.id, { text: '   ' })).toEqual({
      status: 422,
      paths: ['body.text'],
    });
  });

  it('the same idempotency key from the same author posts once', async () => {
    const { renter, contract } = await deliveredThread(world);
    const idempotencyKey = key('message');
    const body = { text: 'only once please', idempotency_key: idempotencyKey };
    const first = await postContractMessage(renter.client, { id: contract.id, body });
    const again = await postContractMessage(renter.client, { id: contract.id, body });
    expect(again.id).toBe(first.id);
    const page = await listContractMessages(renter.client, { id: contract.id });
    expect(page.items).toHaveLength(1);
  });
});

describe('automated messages', () => {
  it('providers may flag a message automated, renters may not', async () => {
    const { renter, provider, contract } = await deliveredThread(world);
    const bot = await postContractMessage(provider.client, {
      id: contract.id,
      body: { text: 'We got your message and answer within 4 h.', automated: true },
    });
    expect(bot.automated).toBe(true);
    const refused = await problemOf(
      postContractMessage(renter.client, {
        id: contract.id,
        body: { text: 'hello', automated: true },
      }),
    );
    expect(refused).toMatchObject({ status: 422, paths: ['body.automated'] });
  });

  it("a message posted with an API token is always automated, and needs the party's scope", async () => {
    const { renter, provider, contract } = await deliveredThread(world);
    const providerBot = await tokenClient(world, provider, ['read', 'provider']);
    const posted = await say(providerBot, contract.id, 'Ticket #42 opened for you.');
    expect(posted).toMatchObject({ author_role: 'provider', automated: true });

    const readOnly = await tokenClient(world, renter, ['read']);
    expect(await problemOf(say(readOnly, contract.id, 'hi'))).toMatchObject({
      status: 403,
      code: 'insufficient_scope',
    });
    const renterScript = await tokenClient(world, renter, ['read', 'rent']);
    expect(await say(renterScript, contract.id, 'ping')).toMatchObject({
      author_role: 'renter',
      automated: true,
    });
    // A read-only token still reads the thread.
    const page = await listContractMessages(readOnly, { id: contract.id });
    expect(page.items.map((message) => message.text)).toEqual([
      'Ticket #42 opened for you.',
      'ping',
    ]);
  });
});

describe('pagination', () => {
  it('walks the thread oldest first and newest first without gaps or repeats', async () => {
    const { renter, provider, contract } = await deliveredThread(world);
    const posted: string[] = [];
    for (let index = 0; index < 23; index += 1) {
      const author = index % 3 === 0 ? provider : renter;
      posted.push((await say(author.client, contract.id, `message ${index}`)).id);
    }
    for (const order of ['asc', 'desc'] as const) {
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await listContractMessages(renter.client, {
          id: contract.id,
          order,
          limit: 10,
          ...(cursor === undefined ? {} : { cursor }),
        });
        sizes.push(page.items.length);
        seen.push(...page.items.map((message) => message.id));
        cursor = page.next_cursor ?? undefined;
      } while (cursor !== undefined);
      expect(sizes).toEqual([10, 10, 3]);
      expect(seen).toEqual(order === 'asc' ? posted : [...posted].reverse());
    }
    const bad = await problemOf(
      listContractMessages(renter.client, { id: contract.id, cursor: 'not-a-cursor' }),
    );
    expect(bad).toMatchObject({ status: 400, paths: ['query.cursor'] });
  });
});

describe('read receipts', () => {
  it('shows how far each participant read, only ever forward, with the unread count', async () => {
    const { renter, provider, contract } = await deliveredThread(world);
    const first = await say(renter.client, contract.id, 'one');
    const second = await say(renter.client, contract.id, 'two');
    await say(renter.client, contract.id, 'three');

    const before = await getContractReadReceipts(provider.client, { id: contract.id });
    expect(before).toEqual({ receipts: [], unread_count: 3 });

    const read = await markContractMessagesRead(provider.client, {
      id: contract.id,
      body: { up_to: second.id },
    });
    expect(read.unread_count).toBe(1);
    expect(read.receipts).toEqual([
      {
        username: provider.username,
        role: 'provider',
        last_read_message_id: second.id,
        read_at: world.clock.now().toISOString(),
      },
    ]);
    // An older message read later (another tab) never moves the receipt back.
    const stale = await markContractMessagesRead(provider.client, {
      id: contract.id,
      body: { up_to: first.id },
    });
    expect(stale.receipts[0]?.last_read_message_id).toBe(second.id);

    const reply = await say(provider.client, contract.id, 'answering all three');
    await markContractMessagesRead(renter.client, { id: contract.id, body: { up_to: reply.id } });
    const seenByRenter = await getContractReadReceipts(renter.client, { id: contract.id });
    expect(seenByRenter.unread_count).toBe(0);
    expect(
      seenByRenter.receipts.map((receipt) => [receipt.username, receipt.last_read_message_id]),
    ).toEqual([
      [provider.username, second.id],
      [renter.username, reply.id],
    ]);
    // The provider's own reply is not unread for the provider.
    expect((await getContractReadReceipts(provider.client, { id: contract.id })).unread_count).toBe(
      1,
    );

    const elsewhere = await deliveredThread(world);
    const foreign = await say(elsewhere.renter.client, elsewhere.contract.id, 'not yours');
    const wrong = await problemOf(
      markContractMessagesRead(renter.client, { id: contract.id, body: { up_to: foreign.id } }),
    );
    expect(wrong).toMatchObject({ status: 422, paths: ['body.up_to'] });
  });
});

describe('notifications', () => {
  it('each message notifies the other party once, keyed by the message id', async () => {
    const { renter, provider, contract } = await deliveredThread(world);
    const asked = await say(renter.client, contract.id, 'question');
    const answered = await say(provider.client, contract.id, 'answer');
    const moderated = await say(world.admin.client, contract.id, 'note from the platform team');

    const toProvider = await notificationsOf(world, provider.username, 'message_received');
    const toRenter = await notificationsOf(world, renter.username, 'message_received');
    expect(toProvider.map((n) => n.dedupe_key)).toEqual([asked.id, moderated.id]);
    expect(toRenter.map((n) => n.dedupe_key)).toEqual([answered.id, moderated.id]);
    expect(toProvider[0]?.data).toMatchObject({
      contract_id: contract.id,
      message_id: asked.id,
      author_role: 'renter',
    });
    // The text stays in the thread: notifications travel by email, Telegram and webhooks.
    expect(JSON.stringify([...toProvider, ...toRenter])).not.toContain('question');
    expect(await notificationsOf(world, world.admin.username, 'message_received')).toEqual([]);
  });
});
