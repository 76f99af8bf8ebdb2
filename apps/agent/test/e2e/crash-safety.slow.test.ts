// Crash safety with real processes: `dc-agent run` is killed with SIGKILL at random moments
// (seeded) and at chosen ones (the create answered or not yet, while polling Hetzner's actions,
// with its completion report on the way to the API) during 50 provisions on the fake Hetzner
// Cloud, and restarted each time. Every contract must end delivered with exactly one server
// (created once, recorded as its instance); cancelled ones lose theirs; an orphan of ours is
// deleted by reconcile only after the grace period; a server that is not ours is left alone.
//
// Rerun a failure with the seed it names: DC_CRASH_SEED=<seed> pnpm exec vitest run <this file>.
import { randomUUID } from 'node:crypto';
import type { Contract } from '@dc/client';
import { FAKE_HETZNER_TOKEN, FakeHetznerCloud, type FakeLogEntry } from '@dc/provisioners/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentFolder,
  AgentProcess,
  inBatches,
  prepareAgent,
  until,
} from '../support/e2e-agent';
import { seededRandom, watchFakeRequests } from '../support/e2e-fake';
import { ApiProxy } from '../support/e2e-proxy';
import { cancel, contractOf } from '../support/e2e-renter';
import { type AgentWorld, startWorld } from '../support/world';

const SEED = Number(process.env['DC_CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const random = seededRandom(SEED);
const CONTRACTS = 50;
// The smallest values the config schema allows (agent.reconcile_interval_seconds >= 30,
// agent.orphan_grace_seconds >= 60).
const RECONCILE_SECONDS = 30;
const GRACE_SECONDS = 60;

/** Where the agent is killed: chosen moments of a provision, or a seeded random instant. */
type KillPoint =
  | 'create sent, answer not yet received'
  | 'create answered'
  | 'polling the actions'
  | 'completion report on its way to the API'
  | 'random';

let world: AgentWorld;
let hetzner: FakeHetznerCloud;
let proxy: ApiProxy;
let folder: AgentFolder;
let agent: AgentProcess;
/** The kill point armed now: called for each request the fake answers. */
let armed: ((entry: FakeLogEntry) => void) | undefined;
/** Servers created at the fake (`POST /servers` done), by the contract they are labelled for. */
const creates = new Map<string, number>();
const kills: { point: KillPoint; pid: number }[] = [];
let orphanId: number;
let foreignId: number;
let orphanDeletedAt: number | undefined;

const isCreate = (e: FakeLogEntry) =>
  e.method === 'POST' && e.path === '/v1/servers' && e.status === 201;

beforeAll(async () => {
  console.info(`crash safety seed ${SEED} (DC_CRASH_SEED=${SEED} reruns it)`);
  // Actions take 0.1-0.8 s, so a provision spends time at the cloud to be killed in.
  hetzner = new FakeHetznerCloud({ actionDelayMs: { min: 100, max: 800 }, rateLimit: 1_000_000 });
  [world] = await Promise.all([startWorld({ provisioner: 'hetzner' }), hetzner.start()]);
  proxy = new ApiProxy(world.api.url);
  // Ours by label, claimed by no contract; and a server of the project that is not ours.
  orphanId = hetzner.addServer({
    name: 'dc-orphan',
    labels: { 'dc-contract': randomUUID(), 'dc-managed': 'true' },
  }).id;
  foreignId = hetzner.addServer({ name: 'not-ours', labels: { team: 'ops' } }).id;
  watchFakeRequests(hetzner.http, (entry) => {
    if (isCreate(entry)) {
      // The fake handles one request at a time: the newest server is the one just created.
      const newest = [...hetzner.state.servers.values()].reduce((a, b) => (a.id > b.id ? a : b));
      const contractId = newest.labels['dc-contract'] ?? '?';
      creates.set(contractId, (creates.get(contractId) ?? 0) + 1);
    }
    if (entry.method === 'DELETE' && entry.path === `/v1/servers/${orphanId}`) {
      orphanDeletedAt ??= Date.now();
    }
    armed?.(entry);
  });
  folder = await prepareAgent(world, {
    apiUrl: await proxy.start(),
    provisioners: `[provisioners.hetzner]
token = { env = "HCLOUD_TOKEN" }
base_url = "${hetzner.baseUrl}"
poll_interval_ms = 50
`,
    agent: {
      concurrency: 4,
      heartbeat_interval_seconds: 5,
      reconcile_interval_seconds: RECONCILE_SECONDS,
      orphan_grace_seconds: GRACE_SECONDS,
      shutdown_timeout_seconds: 5,
    },
    env: { HCLOUD_TOKEN: FAKE_HETZNER_TOKEN },
  });
  agent = new AgentProcess(folder).start();
  await world.waitForAgent(180_000);
});

afterAll(async () => {
  armed = undefined;
  await agent?.stop();
  await proxy?.close();
  await Promise.all([world?.stop(), hetzner?.close()]);
  folder?.remove();
});

/** Arms a kill point; resolves once the agent got SIGKILL there (it is not restarted). */
function killAt(point: Exclude<KillPoint, 'random'>): Promise<void> {
  return new Promise((resolve) => {
    const fire = () => {
      armed = undefined;
      proxy.intercept = undefined;
      void agent.kill9();
      resolve();
    };
    if (point === 'create sent, answer not yet received') {
      // The fake logs before it answers: the server exists, the agent never hears of it.
      armed = (e) => isCreate(e) && fire();
    } else if (point === 'create answered') {
      armed = (e) => {
        if (!isCreate(e)) return;
        armed = undefined;
        setTimeout(fire, 5);
      };
    } else if (point === 'polling the actions') {
      armed = (e) => e.method === 'GET' && e.path.startsWith('/v1/actions') && fire();
    } else {
      // The proxy swallows the report: the API never learns the server was built.
      proxy.intercept = (request) => {
        if (request.method !== 'POST' || !/^\/v1\/agent\/jobs\/[^/]+\/complete$/.test(request.path))
          return false;
        fire();
        return true;
      };
    }
  });
}

/** Kills the agent at `point` and waits for it to be gone (it is not restarted). */
async function crash(point: KillPoint): Promise<void> {
  const pid = agent.pid;
  if (point === 'random') {
    // Anywhere: starting up, reconciling, leasing, building, reporting.
    await new Promise((resolve) => setTimeout(resolve, 300 + random() * 2_700));
    void agent.kill9();
  } else {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        killAt(point),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`the agent never reached "${point}" in 180 s`)),
            180_000,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      armed = undefined;
      proxy.intercept = undefined;
    }
  }
  await agent.exited;
  kills.push({ point, pid });
}

const serversOf = (contractId: string) =>
  hetzner.servers().filter((server) => server.labels['dc-contract'] === contractId);

describe(`crash safety: kill -9 during ${CONTRACTS} provisions (seed ${SEED})`, () => {
  it('ends with exactly one server per delivered contract, none for cancelled ones, no orphan', async () => {
    const firstSeen = await until('the orphan to be timed by the first reconcile', () =>
      agent.status()?.orphans.find((o) => o.external_id === String(orphanId)),
    );

    // A contract cancelled while its server was being created, the agent killed meanwhile.
    const early = await world.rent();
    await crash('create sent, answer not yet received');
    expect(serversOf(early.id)).toHaveLength(1);
    expect((await cancel(world, early.id)).status).toBe('cancelled');
    agent.start();

    const rented = await inBatches(
      Array.from({ length: CONTRACTS }, (_, i) => i),
      5,
      () => world.rent(),
    );

    // Two of each chosen point and five random ones, in a seeded order.
    const chosen: KillPoint[] = [
      'create sent, answer not yet received',
      'create answered',
      'polling the actions',
      'completion report on its way to the API',
    ];
    const schedule: KillPoint[] = [...chosen, ...chosen, ...Array(5).fill('random')];
    for (let i = schedule.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [schedule[i], schedule[j]] = [schedule[j] as KillPoint, schedule[i] as KillPoint];
    }
    const cancelled: Contract[] = [];
    for (const [i, point] of schedule.entries()) {
      await crash(point);
      agent.start();
      if (i === Math.floor(schedule.length / 2)) {
        // Half-way: the renters of five delivered contracts cancel; terminations then run
        // among the kills too.
        const delivered = await until('five delivered contracts', async () => {
          const all = await Promise.all(rented.map((c) => contractOf(world, c.id)));
          const done = all.filter((c) => c.status === 'provisioned');
          return done.length >= 5 && done.slice(0, 5);
        });
        for (const contract of delivered) cancelled.push(await cancel(world, contract.id));
      }
    }
    console.info(
      `seed ${SEED}: killed ${kills.length} times: ${kills.map((k) => k.point).join('; ')}`,
    );

    const cancelledIds = new Set([early.id, ...cancelled.map((c) => c.id)]);
    const live = rented.filter((c) => !cancelledIds.has(c.id));
    expect(live).toHaveLength(CONTRACTS - 5);
    // Stranded leases expire after 60 s; the restarted agent then takes the jobs again.
    for (const contract of live) {
      await until(
        `contract ${contract.id} to be delivered`,
        async () =>
          ['provisioned', 'active'].includes((await contractOf(world, contract.id)).status),
        { timeoutMs: 240_000, intervalMs: 500 },
      );
    }
    for (const id of cancelledIds) {
      await until(
        `the server of cancelled contract ${id} to go`,
        () => serversOf(id).length === 0,
        {
          timeoutMs: 240_000,
          intervalMs: 500,
        },
      );
    }
    await until('the orphan to be deleted', () => orphanDeletedAt !== undefined, {
      timeoutMs: 240_000,
      intervalMs: 500,
    });

    // Every delivered contract: one server, created once, recorded as its instance.
    for (const { id } of live) {
      const contract = await contractOf(world, id);
      const servers = serversOf(id);
      expect(servers, `servers of ${id}`).toHaveLength(1);
      expect(creates.get(id), `creates for ${id}`).toBe(1);
      expect(contract.instance).toMatchObject({
        provisioner: 'hetzner',
        external_id: String(servers[0]?.id),
      });
    }
    // Cancelled ones: no server left (the early one was built once, never reported).
    for (const id of cancelledIds) {
      expect((await contractOf(world, id)).status).toBe('cancelled');
      expect(serversOf(id)).toEqual([]);
    }
    expect(creates.get(early.id)).toBe(1);
    // Nothing else of ours is left at the cloud; the foreign server was never touched.
    const managed = hetzner.servers().filter((s) => s.labels['dc-managed'] === 'true');
    expect(managed.map((s) => s.labels['dc-contract']).sort()).toEqual(
      live.map((c) => c.id).sort(),
    );
    expect(hetzner.servers().some((s) => s.id === foreignId)).toBe(true);
    expect(
      hetzner.requests.filter(
        (r) => r.method === 'DELETE' && r.path === `/v1/servers/${foreignId}`,
      ),
    ).toEqual([]);
    // The orphan went by reconcile, and not before its grace period ran out.
    expect(orphanDeletedAt).toBeGreaterThanOrEqual(
      Date.parse(firstSeen.first_seen_at) + GRACE_SECONDS * 1000,
    );
    // The reason is logged before the delete is sent (a warning is written at once), so even a
    // run killed while the delete was under way leaves it.
    expect(
      agent
        .logged('terminating an orphan past its grace period')
        .some((entry) => entry['external_id'] === String(orphanId)),
    ).toBe(true);

    // Every run but the current one ended by our SIGKILL, none by itself.
    expect(agent.exits).toHaveLength(kills.length);
    expect(agent.exits.every((exit) => exit.signal === 'SIGKILL')).toBe(true);
    expect(agent.running).toBe(true);
    expect(await agent.stop()).toEqual({ code: 0, signal: null });
  }, 600_000);
});
