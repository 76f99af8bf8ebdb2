import {
  cancelContract,
  getContractFeedback,
  rejectContract,
  submitContractFeedback,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractWorld, contractWorld, rawSigned } from '../contracts/_http';
import { deliveredThread } from '../messages/_thread';
import { problemOf } from '../offerings/_support';

let world: ContractWorld;
beforeAll(async () => {
  world = await contractWorld();
});
afterAll(() => world?.stop());

const answers = { matched_description: true, would_rent_again: false };

/** A delivered contract the renter then cancelled: feedback is open. */
async function endedThread() {
  const thread = await deliveredThread(world);
  world.clock.advance(5);
  await cancelContract(thread.renter.client, { id: thread.contract.id, body: {} });
  return thread;
}

describe('when feedback opens', () => {
  it('not while the contract runs, naming its status and the rule', async () => {
    const requested = await deliveredThread(world, { delivered: false });
    const early = await problemOf(
      submitContractFeedback(requested.renter.client, { id: requested.contract.id, body: answers }),
    );
    expect(early).toMatchObject({ status: 409, code: 'contract_not_ended' });
    expect(early.detail).toContain('requested');
    expect(early.detail).toContain('delivered (reached provisioned) has ended');

    const running = await deliveredThread(world);
    const delivered = await problemOf(
      submitContractFeedback(running.renter.client, { id: running.contract.id, body: answers }),
    );
    expect(delivered).toMatchObject({ status: 409, code: 'contract_not_ended' });
    expect(delivered.detail).toContain('provisioned');
  });

  it('never for a contract that ended without being delivered', async () => {
    const { provider, renter, contract } = await deliveredThread(world, { delivered: false });
    await rejectContract(provider.client, { id: contract.id, body: { reason: 'no capacity' } });
    const refused = await problemOf(
      submitContractFeedback(renter.client, { id: contract.id, body: answers }),
    );
    expect(refused).toMatchObject({ status: 409, code: 'contract_not_delivered' });
    expect(refused.detail).toContain('rejected');
    expect(refused.detail).toContain('without ever being provisioned');
  });

  it('once, after a delivered contract ended; the second answer is refused and changes nothing', async () => {
    const { renter, provider, contract } = await endedThread();
    const given = await submitContractFeedback(renter.client, {
      id: contract.id,
      body: { ...answers, comment: '  Fast setup, but the disk was slower than listed.  ' },
    });
    expect(given).toEqual({
      contract_id: contract.id,
      renter: renter.username,
      provider: provider.username,
      matched_description: true,
      would_rent_again: false,
      comment: 'Fast setup, but the disk was slower than listed.',
      created_at: world.clock.now().toISOString(),
    });
    const again = await problemOf(
      submitContractFeedback(renter.client, {
        id: contract.id,
        body: { matched_description: false, would_rent_again: true },
      }),
    );
    expect(again).toMatchObject({ status: 409, code: 'feedback_exists' });
    expect(await getContractFeedback(renter.client, { id: contract.id })).toEqual(given);
  });

  it('two answers sent at once record one', async () => {
    const { renter, contract } = await endedThread();
    const results = await Promise.allSettled([
      submitContractFeedback(renter.client, { id: contract.id, body: answers }),
      submitContractFeedback(renter.client, {
        id: contract.id,
        body: { ...answers, comment: 'b' },
      }),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({
      status: 409,
      code: 'feedback_exists',
    });
  });
});

describe('who gives and who reads feedback', () => {
  it('only the renter answers: the provider and admins get 403, strangers 404', async () => {
    const { provider, contract } = await endedThread();
    const other = await deliveredThread(world);
    const stranger = await world.account('stranger');
    expect(
      await problemOf(submitContractFeedback(provider.client, { id: contract.id, body: answers })),
    ).toMatchObject({ status: 403, code: 'not_renter' });
    expect(
      await problemOf(
        submitContractFeedback(world.admin.client, { id: contract.id, body: answers }),
      ),
    ).toMatchObject({ status: 403, code: 'not_renter' });
    for (const outsider of [stranger, other.provider, other.renter]) {
      expect(
        await problemOf(
          submitContractFeedback(outsider.client, { id: contract.id, body: answers }),
        ),
      ).toMatchObject({ status: 404, code: 'not_found' });
    }
  });

  it('its renter, its provider and admins read it; others get 404; 404 feedback_not_found before', async () => {
    const { renter, provider, contract } = await endedThread();
    const other = await deliveredThread(world);
    expect(
      await problemOf(getContractFeedback(provider.client, { id: contract.id })),
    ).toMatchObject({ status: 404, code: 'feedback_not_found' });
    const given = await submitContractFeedback(renter.client, { id: contract.id, body: answers });
    expect(given.comment).toBeNull();
    for (const reader of [renter, provider, world.admin]) {
      expect(await getContractFeedback(reader.client, { id: contract.id })).toEqual(given);
    }
    for (const outsider of [other.provider, other.renter]) {
      expect(
        await problemOf(getContractFeedback(outsider.client, { id: contract.id })),
      ).toMatchObject({ status: 404, code: 'not_found' });
    }
  });
});

describe('feedback bodies', () => {
  it('two yes/no answers are required, a comment is at most 2000 characters and blank means none', async () => {
    const { renter, contract } = await endedThread();
    const path = `/v1/contracts/${contract.id}/feedback`;
    const missing = await rawSigned(world, renter, 'POST', path, { matched_description: true });
    expect(missing.status).toBe(422);
    expect(missing.json['errors']).toEqual([
      expect.objectContaining({ path: 'body.would_rent_again' }),
    ]);
    const long = await rawSigned(world, renter, 'POST', path, {
      ...answers,
      comment: 'x'.repeat(2001),
    });
    expect(long.status).toBe(422);
    expect(long.json['errors']).toEqual([expect.objectContaining({ path: 'body.comment' })]);
    const stars = await rawSigned(world, renter, 'POST', path, { ...answers, stars: 5 });
    expect(stars.status).toBe(422);
    const blank = await submitContractFeedback(renter.client, {
      id: contract.id,
      body: { ...answers, comment: '   ' },
    });
    expect(blank.comment).toBeNull();
  });
});
