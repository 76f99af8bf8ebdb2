import {
  acceptContract,
  adminCancelContract,
  CONTRACT_STATUSES,
  cancelContract,
  extendContract,
  getContract,
  getContractCredentials,
  getContractTimeline,
  getWallet,
  listWalletLedger,
  operations,
  previewContractRefund,
  providerCancelContract,
  rejectContract,
  rentContract,
} from '@dc/client';
import { CONTRACT_STATUSES as MACHINE_STATUSES } from '@dc/state-machine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemOf, type TestAccount } from '../offerings/_support';
import {
  type ContractWorld,
  contractWorld,
  deliver,
  key,
  rawSigned,
  rent,
  SSH_KEY,
  systemEvent,
  usdOffering,
} from './_http';

let world: ContractWorld;
let provider: TestAccount;
beforeAll(async () => {
  world = await contractWorld();
  provider = await world.provider();
});
afterAll(() => world?.stop());

async function balance(account: TestAccount, currency = 'USD'): Promise<number> {
  const wallet = await getWallet(account.client, {});
  return wallet.balances.find((b) => b.currency === currency)?.balance ?? 0;
}

/** A renter with `funds` cents whose 720 h contract of a USD 10.00 offering was delivered now. */
async function deliveredContract(funds = 1000) {
  const renter = await world.account();
  await world.fund(renter, funds);
  const offering = await usdOffering(provider);
  const contract = await rent(renter, offering, 720);
  await acceptContract(provider.client, { id: contract.id });
  await deliver(world, contract.id);
  return { renter, contract };
}

const refundRows = (contractId: string) =>
  world.server.database.db
    .selectFrom('refunds')
    .select(['amount', 'idempotency_key', 'status', 'rail', 'currency'])
    .where('contract_id', '=', contractId)
    .execute();

describe('never-again 1: an extension is never granted unpaid, so it is never refunded unpaid', () => {
  it('an extension the wallet cannot pay is refused and leaves the contract as it was', async () => {
    const { renter, contract } = await deliveredContract(1000);
    const before = await getContract(renter.client, { id: contract.id });
    const problem = await problemOf(
      extendContract(renter.client, {
        id: contract.id,
        body: { hours: 720, idempotency_key: key('extend') },
      }),
    );
    expect([problem.status, problem.code]).toEqual([402, 'insufficient_funds']);
    const after = await getContract(renter.client, { id: contract.id });
    expect([after.hours, after.paid, after.term_end]).toEqual([720, 1000, before.term_end]);
    expect(before.term_end).not.toBeNull();
    world.clock.advance(100);
    const cancelled = await cancelContract(renter.client, { id: contract.id, body: {} });
    // The refund is of the paid 720 h only: 861, never a share of the 1440 h asked for.
    expect(cancelled.refund).toBe(861);
    expect(await balance(renter)).toBe(861);
  });
});

describe('never-again 2: the sandbox rail never pays outside sandbox mode', () => {
  it('a rental asking for the sandbox rail is refused and creates nothing', async () => {
    const renter = await world.account();
    const offering = await usdOffering(provider);
    const problem = await problemOf(
      rentContract(renter.client, {
        body: {
          offering_id: offering.id,
          hours: 24,
          ssh_public_keys: [SSH_KEY],
          os_image: 'debian-12',
          payment_rail: 'sandbox',
          idempotency_key: key('rent'),
        },
      }),
    );
    expect([problem.status, problem.code]).toEqual([403, 'sandbox_rail_outside_sandbox']);
    const count = await world.server.database.db
      .selectFrom('contracts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .innerJoin('accounts', 'accounts.id', 'contracts.renter_id')
      .where('accounts.username', '=', renter.username)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('in sandbox mode the same rental is paid by the sandbox rail without touching the wallet', async () => {
    const sandbox = await contractWorld({ DC_SANDBOX: 'true' });
    try {
      const sandboxProvider = await sandbox.provider();
      const renter = await sandbox.account();
      const offering = await usdOffering(sandboxProvider);
      const contract = await rentContract(renter.client, {
        body: {
          offering_id: offering.id,
          hours: 24,
          ssh_public_keys: [SSH_KEY],
          os_image: 'debian-12',
          payment_rail: 'sandbox',
          idempotency_key: key('rent'),
        },
      });
      expect(contract).toMatchObject({ payment_rail: 'sandbox', payment_status: 'succeeded' });
      expect((await getWallet(renter.client, {})).balances).toEqual([]);
    } finally {
      await sandbox.stop();
    }
  });
});

describe('never-again 3: a paid request nobody accepted expires with a full refund', () => {
  it('request_timeout by the platform after 24 h refunds everything paid to the wallet', async () => {
    const renter = await world.account();
    await world.fund(renter, 1000);
    const contract = await rent(renter, await usdOffering(provider), 720);
    expect(await balance(renter)).toBe(0);
    world.clock.advance(23);
    const early = await systemEvent(world, contract.id, { type: 'request_timeout' }).catch(
      (error: { code?: string }) => error.code,
    );
    expect(early).toBe('request_timeout_not_reached');
    world.clock.advance(1.5);
    const applied = await systemEvent(
      world,
      contract.id,
      { type: 'request_timeout' },
      'sweep:request_timeout',
    );
    expect(applied.refund?.amount).toBe(1000n);
    const after = await getContract(renter.client, { id: contract.id });
    expect(after).toMatchObject({ status: 'expired', refunded: 1000, payment_status: 'refunded' });
    expect(await balance(renter)).toBe(1000);
  });
});

/** Property names of a JSON schema, following `$ref`s into the document's components. */
function propertyNames(
  schema: unknown,
  doc: { components?: { schemas?: Record<string, unknown> } },
  seen = new Set<unknown>(),
): string[] {
  if (schema === null || typeof schema !== 'object' || seen.has(schema)) return [];
  seen.add(schema);
  const node = schema as Record<string, unknown>;
  const names: string[] = [];
  const ref = node['$ref'];
  if (typeof ref === 'string') {
    const name = ref.split('/').at(-1) ?? '';
    names.push(...propertyNames(doc.components?.schemas?.[name], doc, seen));
  }
  const properties = node['properties'];
  if (properties && typeof properties === 'object') {
    names.push(...Object.keys(properties));
  }
  for (const child of ['allOf', 'anyOf', 'oneOf']) {
    const list = node[child];
    if (Array.isArray(list)) for (const item of list) names.push(...propertyNames(item, doc, seen));
  }
  return names;
}

describe('never-again 4: no route sets a contract status', () => {
  it('no operation on contracts takes a status in its body (OpenAPI document and client table)', async () => {
    const response = await fetch(`${world.server.url}/v1/openapi.json`);
    const doc = (await response.json()) as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>
      >;
      components?: { schemas?: Record<string, unknown> };
    };
    const contractPaths = Object.entries(doc.paths).filter(([path]) => path.includes('contracts'));
    expect(contractPaths.length).toBeGreaterThan(10);
    for (const [path, methods] of contractPaths) {
      for (const [method, operation] of Object.entries(methods)) {
        const schema = operation.requestBody?.content?.['application/json']?.schema;
        const names = propertyNames(schema, doc);
        expect(names, `${method.toUpperCase()} ${path}`).not.toContain('status');
        expect(names, `${method.toUpperCase()} ${path}`).not.toContain('payment_status');
      }
    }
    for (const operation of Object.values(operations)) {
      if (!operation.path.includes('contracts') || operation.body === undefined) continue;
      const shape = (operation.body as { shape?: Record<string, unknown> }).shape ?? {};
      expect(Object.keys(shape), operation.id).not.toContain('status');
    }
  });

  it('the client knows exactly the state machine statuses', () => {
    expect([...CONTRACT_STATUSES]).toEqual([...MACHINE_STATUSES]);
  });

  it('the provider cannot use the renter route to cancel, nor the renter the provider route', async () => {
    const { renter, contract } = await deliveredContract();
    const byProvider = await problemOf(
      cancelContract(provider.client, { id: contract.id, body: {} }),
    );
    expect([byProvider.status, byProvider.code]).toEqual([403, 'not_renter']);
    const byRenter = await rawSigned(
      world,
      renter,
      'POST',
      `/v1/contracts/${contract.id}/provider-cancel`,
      {},
    );
    // The renter is no provider at all: the mount refuses before the handler runs.
    expect(byRenter.status).toBe(403);
    expect((await getContract(renter.client, { id: contract.id })).status).toBe('provisioned');
  });

  it('the provider can cancel only through provider-cancel, which keeps the record and refunds', async () => {
    const { renter, contract } = await deliveredContract();
    world.clock.advance(100);
    const cancelled = await providerCancelContract(provider.client, {
      id: contract.id,
      body: { reason: 'hardware failure' },
    });
    expect(cancelled.refund).toBe(861);
    expect(await balance(renter)).toBe(861);
    const record = await world.server.database.db
      .selectFrom('provider_cancellations')
      .select('contract_id')
      .where('contract_id', '=', contract.id)
      .execute();
    expect(record).toHaveLength(1);
  });
});

/** Opens a dispute as the payment webhook will: payment disputed, contract paused. */
async function openDispute(contractId: string) {
  await world.server.database.db
    .updateTable('contracts')
    .set({ payment_status: 'disputed' })
    .where('id', '=', contractId)
    .execute();
  await systemEvent(world, contractId, { type: 'pause' }, 'webhook:dispute_opened');
}

describe('never-again 5: no refund on top of a chargeback', () => {
  it('the renter cannot cancel a paused (disputed) contract, and the preview says so', async () => {
    const { renter, contract } = await deliveredContract();
    world.clock.advance(10);
    await openDispute(contract.id);
    const problem = await problemOf(cancelContract(renter.client, { id: contract.id, body: {} }));
    expect([problem.status, problem.code]).toEqual([409, 'illegal_transition']);
    const preview = await previewContractRefund(renter.client, { id: contract.id });
    expect(preview).toMatchObject({ cancellable: false, refund: 0 });
  });

  it('a lost dispute ends the contract without any refund', async () => {
    const { renter, contract } = await deliveredContract();
    await openDispute(contract.id);
    world.clock.advance(24);
    const applied = await systemEvent(
      world,
      contract.id,
      { type: 'dispute_lost' },
      'webhook:dispute_lost',
    );
    expect(applied.to).toBe('cancelled');
    expect(applied.refund).toBeNull();
    expect(await refundRows(contract.id)).toEqual([]);
    expect(await balance(renter)).toBe(0);
    const again = await problemOf(
      adminCancelContract(world.admin.client, {
        id: contract.id,
        body: { reason: 'try again', refund_amount: 100 },
      }),
    );
    expect([again.status, again.code]).toEqual([409, 'illegal_transition']);
  });

  it('an admin cannot refund during an open dispute', async () => {
    const { contract } = await deliveredContract();
    await openDispute(contract.id);
    const problem = await problemOf(
      adminCancelContract(world.admin.client, {
        id: contract.id,
        body: { reason: 'goodwill', refund_amount: 100 },
      }),
    );
    expect([problem.status, problem.code]).toEqual([409, 'refund_during_dispute']);
  });
});

describe('never-again 6: refund keys are derived from the contract and event, never a time', () => {
  it('a cancellation records one refund under refund:<contract>:cancel; repeating it refunds nothing more', async () => {
    const { renter, contract } = await deliveredContract();
    world.clock.advance(100);
    await cancelContract(renter.client, { id: contract.id, body: {} });
    const repeat = await problemOf(cancelContract(renter.client, { id: contract.id, body: {} }));
    expect([repeat.status, repeat.code]).toEqual([409, 'illegal_transition']);
    expect(await refundRows(contract.id)).toEqual([
      {
        amount: 861n,
        idempotency_key: `refund:${contract.id}:cancel`,
        status: 'succeeded',
        rail: 'wallet',
        currency: 'USD',
      },
    ]);
    const credits = (await listWalletLedger(renter.client, {})).items.filter(
      (entry) => entry.kind === 'refund_credit',
    );
    expect(credits.map((entry) => entry.amount)).toEqual([861]);
  });
});

describe('never-again 7: a refund goes back against the payment it refunds', () => {
  it("cancelling one of two contracts credits that contract's currency and references it", async () => {
    const renter = await world.account();
    await world.fund(renter, 1000, 'USD');
    await world.fund(renter, 1000, 'EUR');
    const usd = await rent(renter, await usdOffering(provider), 720);
    const eur = await rent(renter, await usdOffering(provider, { currency: 'EUR' }), 720);
    expect(eur.currency).toBe('EUR');
    const cancelled = await cancelContract(renter.client, { id: eur.id, body: {} });
    expect(cancelled.refund).toBe(1000); // before delivery: everything paid
    expect([await balance(renter, 'EUR'), await balance(renter, 'USD')]).toEqual([1000, 0]);
    const credit = (await listWalletLedger(renter.client, { currency: 'EUR' })).items[0];
    expect(credit).toMatchObject({ kind: 'refund_credit', contract_id: eur.id, amount: 1000 });
    const [refund] = await world.server.database.db
      .selectFrom('refunds')
      .select('id')
      .where('contract_id', '=', eur.id)
      .execute();
    expect(credit?.reference).toBe(refund?.id);
    expect((await getContract(renter.client, { id: usd.id })).refunded).toBe(0);
  });
});

describe('never-again 8: the refund cap is this contract\'s paid - refunded; "refunded" means all of it', () => {
  it('an admin refund above what this contract has left is refused, whatever else the renter paid', async () => {
    const renter = await world.account();
    await world.fund(renter, 5000);
    const offering = await usdOffering(provider);
    await rent(renter, offering, 720); // another payment of the same renter
    const contract = await rent(renter, offering, 72); // 100 cents
    const problem = await problemOf(
      adminCancelContract(world.admin.client, {
        id: contract.id,
        body: { reason: 'goodwill', refund_amount: 101 },
      }),
    );
    expect([problem.status, problem.code]).toEqual([422, 'refund_exceeds_refundable']);
    const partial = await adminCancelContract(world.admin.client, {
      id: contract.id,
      body: { reason: 'goodwill', refund_amount: 40 },
    });
    expect(partial.contract).toMatchObject({ refunded: 40, payment_status: 'partially_refunded' });
  });

  it('a full refund is "refunded", a partial one "partially_refunded"', async () => {
    const renter = await world.account();
    await world.fund(renter, 1000);
    const contract = await rent(renter, await usdOffering(provider), 720);
    const rejected = await rejectContract(provider.client, { id: contract.id, body: {} });
    expect(rejected.contract).toMatchObject({ refunded: 1000, payment_status: 'refunded' });
  });
});

describe('never-again 13: nobody but the parties can touch a contract', () => {
  it("another renter gets 404 for someone else's contract and changes nothing", async () => {
    const { renter, contract } = await deliveredContract();
    const stranger = await world.account('stranger');
    const otherProvider = await world.provider();
    // Thunks: each call starts only when awaited, so no refusal goes unobserved.
    const attempts: (() => Promise<unknown>)[] = [
      () => getContract(stranger.client, { id: contract.id }),
      () => cancelContract(stranger.client, { id: contract.id, body: {} }),
      () => previewContractRefund(stranger.client, { id: contract.id }),
      () => getContractTimeline(stranger.client, { id: contract.id }),
      () => getContractCredentials(stranger.client, { id: contract.id }),
      () =>
        extendContract(stranger.client, {
          id: contract.id,
          body: { hours: 1, idempotency_key: key('extend') },
        }),
      () => providerCancelContract(otherProvider.client, { id: contract.id, body: {} }),
      () => rejectContract(otherProvider.client, { id: contract.id, body: {} }),
    ];
    for (const attempt of attempts) {
      const problem = await problemOf(attempt());
      expect([problem.status, problem.code]).toEqual([404, 'not_found']);
    }
    const notAdmin = await problemOf(
      adminCancelContract(stranger.client, {
        id: contract.id,
        body: { reason: 'mine now', refund_amount: 1000 },
      }),
    );
    expect(notAdmin.status).toBe(403);
    const after = await getContract(renter.client, { id: contract.id });
    expect([after.status, after.refunded]).toEqual(['provisioned', 0]);
  });
});

describe('never-again 14: no plaintext password is accepted or returned', () => {
  it('a rental with a password field is refused, and no contract answer carries one', async () => {
    const renter = await world.account();
    await world.fund(renter, 1000);
    const offering = await usdOffering(provider);
    const body = {
      offering_id: offering.id,
      hours: 24,
      ssh_public_keys: [SSH_KEY],
      os_image: 'debian-12',
      payment_rail: 'wallet',
      idempotency_key: key('rent'),
    };
    const refused = await rawSigned(world, renter, 'POST', '/v1/contracts', {
      ...body,
      root_password: 'hunter2hunter2',
    });
    expect(refused.status).toBe(422);
    const created = await rawSigned(world, renter, 'POST', '/v1/contracts', body);
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.json)).not.toMatch(/password/i);
    const id = String(created.json['id']);
    const reset = await rawSigned(world, renter, 'POST', `/v1/contracts/${id}/password-reset`, {
      idempotency_key: key('pw'),
      password: 'hunter2hunter2',
    });
    expect(reset.status).toBe(422);
    const credentials = await getContractCredentials(renter.client, { id });
    expect(credentials.items).toEqual([]);
  });

  it('no contract operation has a password property in its request or response schema', async () => {
    const response = await fetch(`${world.server.url}/v1/openapi.json`);
    const text = JSON.stringify(await response.json());
    const doc = JSON.parse(text) as { paths: Record<string, unknown> };
    for (const [path, item] of Object.entries(doc.paths)) {
      if (!path.includes('contracts')) continue;
      expect(JSON.stringify(item), path).not.toMatch(/"[a-z_]*password[a-z_]*":/i);
    }
  });
});
