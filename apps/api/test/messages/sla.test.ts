import { getOffering, listContractMessages, postContractMessage, updateOffering } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSlaBreaches } from '../../src/messages/sla-breaches';
import { type ContractWorld, contractWorld, HOUR } from '../contracts/_http';
import { problemOf } from '../offerings/_support';
import { ENGINES } from '../support/server';
import { deliveredThread, notificationsOf, tokenClient, waitsOf } from './_thread';

const say = (
  client: Parameters<typeof postContractMessage>[0],
  id: string,
  text: string,
  automated = false,
) => postContractMessage(client, { id, body: { text, ...(automated ? { automated } : {}) } });

describe('response waits (trust.md §4)', () => {
  let world: ContractWorld;
  beforeAll(async () => {
    world = await contractWorld();
  });
  afterAll(() => world?.stop());

  it("the offering's response time is 4 h unless the provider sets 1-720 h", async () => {
    const { provider, offering } = await deliveredThread(world);
    expect(offering.response_sla_hours).toBe(4);
    const updated = await updateOffering(provider.client, {
      id: offering.id,
      body: { response_sla_hours: 24 },
    });
    expect(updated.response_sla_hours).toBe(24);
    expect(
      (await getOffering(world.admin.client, { id: offering.id })).offering.response_sla_hours,
    ).toBe(24);
    for (const hours of [0, 721]) {
      const refused = await problemOf(
        updateOffering(provider.client, { id: offering.id, body: { response_sla_hours: hours } }),
      ).catch((error: Error) => ({ status: 0, paths: [error.message] }));
      expect(JSON.stringify(refused)).toContain('response_sla_hours');
    }
  });

  it("a renter's question starts one wait that only the provider's human reply ends", async () => {
    const { renter, provider, contract, offering } = await deliveredThread(world, { slaHours: 2 });
    const asked = await say(renter.client, contract.id, 'The box does not boot.');
    expect(asked.wait).toEqual({
      sla_hours: 2,
      due_at: new Date(world.clock.now().getTime() + 2 * HOUR).toISOString(),
      replied_at: null,
      reply_message_id: null,
      breached_at: null,
    });
    world.clock.advance(0.25);
    // A second question while the first waits does not start another wait.
    const followUp = await say(renter.client, contract.id, 'Still down.');
    expect(followUp.wait).toBeNull();
    // Neither an auto-reply, nor a bot's token post, nor an admin answers for the provider.
    await say(provider.client, contract.id, 'Thanks, we will get back to you.', true);
    const bot = await tokenClient(world, provider, ['read', 'provider']);
    await say(bot, contract.id, 'Ticket #7 opened.');
    await say(world.admin.client, contract.id, 'The provider has been told.');
    expect(await waitsOf(world, contract.id)).toMatchObject([
      { renter_message_id: asked.id, replied_at: null, reply_message_id: null },
    ]);

    world.clock.advance(0.75);
    const reply = await say(provider.client, contract.id, 'Fixed: the disk was full.');
    const [wait] = await waitsOf(world, contract.id);
    expect(wait).toMatchObject({
      renter_message_id: asked.id,
      provider_id: offering.provider_id,
      offering_id: offering.id,
      sla_seconds: 7200,
      reply_message_id: reply.id,
      breached_at: null,
    });
    expect(wait?.replied_at?.getTime()).toBe(world.clock.now().getTime());
    expect((wait?.replied_at?.getTime() ?? 0) - (wait?.asked_at.getTime() ?? 0)).toBe(HOUR);
    // After the reply, the next renter message starts a new wait.
    const next = await say(renter.client, contract.id, 'Thanks! One more thing.');
    expect(next.wait).toMatchObject({ replied_at: null });
    expect((await waitsOf(world, contract.id)).map((w) => w.renter_message_id)).toEqual([
      asked.id,
      next.id,
    ]);
    // Nothing was breached on the way.
    await recordSlaBreaches(world.server.database.db, { now: world.clock.now() });
    expect((await waitsOf(world, contract.id)).map((w) => w.breached_at)).toEqual([null, null]);
  });

  it('a wait past its SLA with only automated answers is breached once, noted in the thread and notified', async () => {
    const { renter, provider, contract } = await deliveredThread(world, { slaHours: 4 });
    const asked = await say(renter.client, contract.id, 'Can I get a second IPv4?');
    world.clock.advance(1);
    await say(provider.client, contract.id, 'Auto-reply: we answer within 4 h.', true);
    const db = world.server.database.db;

    // Other tests' threads share this server: look at this contract's wait, not the counts.
    world.clock.advance(2.99);
    await recordSlaBreaches(db, { now: world.clock.now() });
    expect((await waitsOf(world, contract.id))[0]?.breached_at).toBeNull();
    world.clock.advance(0.02);
    const breachedAt = world.clock.now();
    await recordSlaBreaches(db, { now: breachedAt });
    await recordSlaBreaches(db, { now: world.clock.advance(1) });

    const [wait] = await waitsOf(world, contract.id);
    expect(wait?.breached_at?.toISOString()).toBe(breachedAt.toISOString());
    expect(wait?.replied_at).toBeNull();
    const thread = await listContractMessages(renter.client, { id: contract.id });
    const notes = thread.items.filter((message) => message.author_role === 'system');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ author: null, automated: true, wait: null });
    expect(notes[0]?.text).toContain('4 h');
    expect(thread.items.find((message) => message.id === asked.id)?.wait?.breached_at).toBe(
      breachedAt.toISOString(),
    );
    for (const party of [provider, renter]) {
      const breaches = await notificationsOf(world, party.username, 'sla_breach');
      expect(breaches.map((n) => n.dedupe_key)).toEqual([`sla_breach:${asked.id}`]);
      expect(breaches[0]?.data).toMatchObject({ contract_id: contract.id, sla_hours: 4 });
    }

    // A late human reply is still recorded as the reply; the breach stays.
    const late = await say(provider.client, contract.id, 'Sorry for the wait: yes, done.');
    const [answered] = await waitsOf(world, contract.id);
    expect(answered).toMatchObject({ reply_message_id: late.id });
    expect(answered?.breached_at?.toISOString()).toBe(breachedAt.toISOString());
  });
});

describe.each(ENGINES)('concurrent SLA scans (%s)', (engine) => {
  let world: ContractWorld;
  beforeAll(async () => {
    world = await contractWorld({}, { engine });
  });
  afterAll(() => world?.stop());

  it('several instances scanning at once breach each wait exactly once', async () => {
    const threads = [];
    for (let index = 0; index < 4; index += 1) {
      const thread = await deliveredThread(world, { slaHours: 1 });
      await say(thread.renter.client, thread.contract.id, `question ${index}`);
      threads.push(thread);
    }
    const now = world.clock.advance(2);
    const db = world.server.database.db;
    const counts = await Promise.all([1, 2, 3].map(() => recordSlaBreaches(db, { now })));
    // A scan skips a thread another holds; the next scan finds whatever is left.
    const rest = await recordSlaBreaches(db, { now });
    expect(counts.reduce((sum, count) => sum + count, 0) + rest).toBe(threads.length);
    for (const { renter, provider, contract } of threads) {
      const thread = await listContractMessages(renter.client, { id: contract.id });
      expect(thread.items.filter((message) => message.author_role === 'system')).toHaveLength(1);
      expect(await notificationsOf(world, provider.username, 'sla_breach')).toHaveLength(1);
    }
  });
});
