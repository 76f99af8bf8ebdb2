// Fault tolerance with real processes: during 20 provisions by `dc-agent run`, the fake Hetzner
// Cloud answers bursts of 429 (with Hetzner's RateLimit-Reset) and 503, drops the connection
// right after creating a server, and the API server process is stopped for 30 s and started
// again on the same data folder and port. No job is lost (every contract ends delivered), no
// server is made twice, and the agent stays up, logging the outage once and the recovery once.
import { FAKE_HETZNER_TOKEN, FakeHetznerCloud } from '@dc/provisioners/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiProcess, startApiProcess } from '../support/api-process';
import {
  type AgentFolder,
  AgentProcess,
  inBatches,
  prepareAgent,
  until,
} from '../support/e2e-agent';
import { watchFakeRequests } from '../support/e2e-fake';
import { contractOf } from '../support/e2e-renter';
import { type AgentWorld, startWorld } from '../support/world';

const CONTRACTS = 20;
const OUTAGE_MS = 30_000;

let world: AgentWorld;
let hetzner: FakeHetznerCloud;
let folder: AgentFolder;
let agent: AgentProcess;
let restarted: ApiProcess | undefined;
/** Servers made at the fake (answered or not), by the contract they are labelled for. */
const creates = new Map<string, number>();
const answers = { rateLimited: 0, unavailable: 0, dropped: 0 };

beforeAll(async () => {
  hetzner = new FakeHetznerCloud({ actionDelayMs: 500, rateLimit: 1_000_000 });
  [world] = await Promise.all([startWorld({ provisioner: 'hetzner' }), hetzner.start()]);
  watchFakeRequests(hetzner.http, (entry) => {
    if (entry.status === 429) answers.rateLimited += 1;
    if (entry.status === 503) answers.unavailable += 1;
    if (entry.method === 'POST' && entry.path === '/v1/servers') {
      if (entry.status === 0) answers.dropped += 1;
      if (entry.status === 201 || entry.status === 0) {
        const newest = [...hetzner.state.servers.values()].reduce((a, b) => (a.id > b.id ? a : b));
        const contractId = newest.labels['dc-contract'] ?? '?';
        creates.set(contractId, (creates.get(contractId) ?? 0) + 1);
      }
    }
  });
  folder = await prepareAgent(world, {
    provisioners: `[provisioners.hetzner]
token = { env = "HCLOUD_TOKEN" }
base_url = "${hetzner.baseUrl}"
poll_interval_ms = 50
`,
    agent: { concurrency: 4, heartbeat_interval_seconds: 5, shutdown_timeout_seconds: 5 },
    env: { HCLOUD_TOKEN: FAKE_HETZNER_TOKEN },
  });
  agent = new AgentProcess(folder).start();
  await world.waitForAgent(180_000);
});

afterAll(async () => {
  await agent?.stop();
  await restarted?.stop();
  await Promise.all([world?.stop(), hetzner?.close()]);
  folder?.remove();
});

const delivered = async (ids: readonly string[]) => {
  const all = await Promise.all(ids.map((id) => contractOf(world, id)));
  return all.filter((c) => c.status === 'provisioned' || c.status === 'active').length;
};

describe('fault tolerance: cloud errors and a 30 s API outage during 20 provisions', () => {
  it('delivers every contract once, and the agent rides it out', async () => {
    const ids = (
      await inBatches(
        Array.from({ length: CONTRACTS }, (_, i) => i),
        5,
        () => world.rent(),
      )
    ).map((c) => c.id);

    // Bursts at the cloud while the first builds run: rate limited, then unavailable, and a
    // create whose answer never arrives (the server exists; the retry must adopt it).
    hetzner.faults.rateLimitNext = 6;
    await until('a few deliveries', async () => (await delivered(ids)) >= 2, {
      intervalMs: 200,
    });
    hetzner.faults.serverErrorNext = 5;
    hetzner.failNext('unavailable', 3);
    hetzner.faults.crashAfterCreateNext = 1;
    await until('more deliveries', async () => (await delivered(ids)) >= 6, { intervalMs: 200 });

    // The API goes away for 30 s with builds running, and comes back on the same data.
    const { dataDir, port } = world.api;
    await world.api.stop({ keepData: true });
    // Work was left for after the outage (queued, or built and not yet reported).
    expect(hetzner.servers().filter((s) => s.labels['dc-managed'] === 'true').length).toBeLessThan(
      CONTRACTS,
    );
    const stoppedAt = Date.now();
    await until(
      'the agent to notice the outage',
      () => agent.logged('API unreachable; retrying with backoff').length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, stoppedAt + OUTAGE_MS - Date.now()));
    expect(agent.running).toBe(true);
    restarted = await startApiProcess({ dataDir, port, ownDataDir: true });

    for (const id of ids) {
      await until(
        `contract ${id} to be delivered`,
        async () => ['provisioned', 'active'].includes((await contractOf(world, id)).status),
        { timeoutMs: 120_000, intervalMs: 500 },
      );
    }
    await until(
      'the agent to log the recovery',
      () => agent.logged('API reachable again').length > 0,
    );

    // The faults did happen.
    expect(answers.rateLimited).toBe(6);
    expect(answers.unavailable).toBe(8);
    expect(answers.dropped).toBe(1);
    // One server per contract, each made once, recorded as its instance.
    for (const id of ids) {
      const servers = hetzner.servers().filter((s) => s.labels['dc-contract'] === id);
      expect(servers, `servers of ${id}`).toHaveLength(1);
      expect(creates.get(id), `creates for ${id}`).toBe(1);
      expect((await contractOf(world, id)).instance).toMatchObject({
        external_id: String(servers[0]?.id),
      });
    }
    expect(hetzner.servers()).toHaveLength(CONTRACTS);

    // Still the same process, up all along; one line for the outage, one for the recovery.
    expect(agent.runs).toBe(1);
    expect(agent.running).toBe(true);
    expect(agent.logged('API unreachable; retrying with backoff')).toHaveLength(1);
    expect(agent.logged('API reachable again')).toHaveLength(1);
    expect(agent.status()?.api.state).toBe('reachable');
    expect(await agent.stop()).toEqual({ code: 0, signal: null });
  }, 170_000);
});
