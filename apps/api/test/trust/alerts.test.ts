import { getMe, listNotifications } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTrustJob, type TrustJobSettings } from '../../src/trust/job';
import { type ContractWorld, contractWorld, usdOffering } from '../contracts/_http';
import type { TestAccount } from '../offerings/_support';
import { DAY, every, HOUR, insertAccount, insertChecks, insertContract, MINUTE } from './_fixture';

/**
 * "Uptime below threshold" (trust.md §5): the provider is notified once per crossing of a
 * contract's 24 h uptime below the threshold, however often the job runs, and again after the
 * contract recovered and fell below once more.
 */

const T0 = new Date('2026-06-01T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const SETTINGS: TrustJobSettings = {
  intervalMs: 300_000,
  coverage: { probeMs: 6 * MINUTE, agentMs: 6 * MINUTE },
  alertThresholdPct: 95,
};

let world: ContractWorld;
let provider: TestAccount;
let contractId: string;

const healthy = (from: Date, to: Date) =>
  every(5 * MINUTE, from, to).map((t) => ({ at: t, status: 'healthy' as const }));

const alerts = async () =>
  (await listNotifications(provider.client, { limit: 50 })).items.filter(
    (n) => n.event === 'uptime_below_threshold',
  );

beforeAll(async () => {
  world = await contractWorld({ DC_PROBER_ENABLED: 'false' }, { start: T0 });
  const db = world.server.database.db;
  provider = await world.provider();
  const providerId = (await getMe(provider.client, {})).id;
  const offering = await usdOffering(provider, { name: 'Alerted VPS' });
  contractId = await insertContract(db, {
    offeringId: offering.id,
    providerId,
    renterId: await insertAccount(db, 'alerted'),
    requestedAt: at(-3 * DAY),
    hours: 720,
    events: [
      { event: 'accept', to: 'accepted', at: at(-3 * DAY), role: 'provider' },
      { event: 'start_provisioning', to: 'provisioning', at: at(-3 * DAY), role: 'agent' },
      { event: 'provisioned', to: 'provisioned', at: at(-3 * DAY), role: 'agent' },
    ],
  });
  // Healthy for two and a half days, then silent for the last 6 hours: 75.1 % over 24 h.
  await insertChecks(db, contractId, healthy(at(-3 * DAY), at(-6 * HOUR)));
});

afterAll(async () => {
  await world?.stop();
});

describe('uptime below threshold', () => {
  it('notifies the provider once per crossing, with the figure and the threshold', async () => {
    const db = world.server.database.db;
    expect(await runTrustJob(db, T0, SETTINGS)).toMatchObject({ ran: true, alerts: 1 });
    expect(await runTrustJob(db, at(10 * MINUTE), SETTINGS)).toMatchObject({
      ran: true,
      alerts: 0,
    });
    const sent = await alerts();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ contract_id: contractId });
    expect(sent[0]?.title).toBe('Uptime 75.1 % on a contract of Alerted VPS');
    expect(sent[0]?.body).toContain('below the 95 % threshold');
    expect(sent[0]?.data).toMatchObject({ contract_id: contractId, threshold_pct: 95 });
  });

  it('re-arms when the contract is back above, and notifies the next crossing', async () => {
    const db = world.server.database.db;
    // A day of healthy checks: back to 100 % over 24 h, no notification.
    await insertChecks(db, contractId, healthy(at(10 * MINUTE), at(DAY + 10 * MINUTE)));
    expect(await runTrustJob(db, at(DAY + 10 * MINUTE), SETTINGS)).toMatchObject({ alerts: 0 });
    const row = await db
      .selectFrom('uptime_alerts')
      .selectAll()
      .where('contract_id', '=', contractId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ below: false, crossings: 1 });
    expect(await alerts()).toHaveLength(1);
    // Silent for the next 4 hours: below again, a second notification.
    expect(await runTrustJob(db, at(DAY + 4 * HOUR + 10 * MINUTE), SETTINGS)).toMatchObject({
      alerts: 1,
    });
    expect(await alerts()).toHaveLength(2);
  });
});
