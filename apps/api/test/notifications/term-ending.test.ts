// "Term ends in 48 h" (trust.md §5): the reminder goes out once when the paid term's end comes
// within 48 h, and again after an extension moves the end, when the new end comes near.

import { acceptContract, extendContract } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remindTermEndings } from '../../src/notifications/term-ending';
import {
  type ContractWorld,
  contractWorld,
  deliver,
  key,
  rent,
  usdOffering,
} from '../contracts/_http';
import { inboxOf } from './_world';

let world: ContractWorld;
beforeAll(async () => {
  world = await contractWorld();
});
afterAll(() => world?.stop());

const scan = () => remindTermEndings(world.server.database.db, world.clock.now());

describe('the term ending reminder', () => {
  it('fires once at 48 h before the end, and again before the end an extension set', async () => {
    const provider = await world.provider();
    const offering = await usdOffering(provider, { name: 'Reminder VM' });
    const renter = await world.account();
    await world.fund(renter, 100_000);
    const contract = await rent(renter, offering, 96);
    const short = await rent(renter, offering, 24);
    for (const id of [contract.id, short.id]) {
      await acceptContract(provider.client, { id });
      await deliver(world, id);
    }
    const start = world.clock.now().getTime();
    const reminders = async () =>
      (await inboxOf(renter.client)).filter((n) => n.event === 'term_ending');

    expect(await scan()).toBe(0);
    world.clock.advance(47);
    // 49 h left: not yet.
    expect(await scan()).toBe(0);
    world.clock.advance(1);
    expect(await scan()).toBe(1);
    expect(await scan()).toBe(0);
    world.clock.advance(1);
    expect(await scan()).toBe(0);
    const first = await reminders();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      contract_id: contract.id,
      title: 'Your rental ends in 48 h: Reminder VM',
      data: { contract_id: contract.id, term_end: new Date(start + 96 * 3_600_000).toISOString() },
    });
    expect(first[0]?.body).toContain(`/v1/contracts/${contract.id}/extend`);

    // Extended by 72 h at 49 h: the end moves to 168 h, 119 h away; no reminder until 120 h.
    const extended = await extendContract(renter.client, {
      id: contract.id,
      body: { hours: 72, idempotency_key: key('extend') },
    });
    expect(extended.term_end).toBe(new Date(start + 168 * 3_600_000).toISOString());
    expect(await scan()).toBe(0);
    world.clock.advance(70);
    expect(await scan()).toBe(0);
    world.clock.advance(1);
    expect(await scan()).toBe(1);
    expect(await scan()).toBe(0);
    const both = await reminders();
    expect(both.map((n) => n.data['term_end'])).toEqual([
      new Date(start + 168 * 3_600_000).toISOString(),
      new Date(start + 96 * 3_600_000).toISOString(),
    ]);
    // The 24 h rental (its whole term within 48 h) got none.
    expect(both.every((n) => n.contract_id === contract.id)).toBe(true);
  });
});
