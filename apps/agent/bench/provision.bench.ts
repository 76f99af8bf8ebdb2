// `pnpm bench` (in apps/agent): 500 contracts provisioned and then terminated against the fake
// Hetzner Cloud (actions take 100 ms) by ONE `dc-agent run` child process at concurrency 16,
// with the real API server process in between. Prints wall times, the agent process's CPU
// time (from /proc/<pid>/stat, counted from when it sits idle after start-up to when the last
// server is gone) and its peak RSS (VmHWM), against the targets: RSS <= 150 MB, CPU <= 10 ms
// per contract. Figures only: nothing here asserts on time; it fails only if a contract is not
// delivered or a server is left behind.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { FAKE_HETZNER_TOKEN, FakeHetznerCloud } from '@dc/provisioners/testing';
import { bench, describe } from 'vitest';
import { AGENT_DIR, AgentProcess, inBatches, prepareAgent, until } from '../test/support/e2e-agent';
import { cancel, contractOf } from '../test/support/e2e-renter';
import { type AgentWorld, startWorld } from '../test/support/world';

// The agent runs as providers run it: the bundle dist/cli.js, built afresh by the bench. Knobs
// for investigating: DC_BENCH_AGENT=source (node --import tsx src/cli/main.ts, which adds the
// tsx loader's memory and CPU), DC_BENCH_CONTRACTS (500), DC_BENCH_NODE_ARGS (e.g.
// "--cpu-prof --cpu-prof-dir=/tmp/prof" for a CPU profile written when the agent stops).
const CONTRACTS = Number(process.env['DC_BENCH_CONTRACTS'] ?? 500);
const ENTRY = process.env['DC_BENCH_AGENT'] === 'source' ? 'source' : 'dist';
const NODE_ARGS = (process.env['DC_BENCH_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
const CONCURRENCY = 16;
const ACTION_MS = 100;
const TARGET_RSS_MB = 150;
const TARGET_CPU_MS_PER_CONTRACT = 10;
/** How long the idle agent is watched before the work starts, ms. */
const IDLE_SAMPLE_MS = 10_000;
/** How many renter calls the bench makes at once (rent, cancel). */
const RENTERS = 8;

/** User + system CPU time of a process so far, ms (Linux /proc; all its threads). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime (14th), stime (15th)
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** A line of /proc/<pid>/status in MB, e.g. VmHWM (peak RSS). */
function statusMb(pid: number, key: 'VmHWM' | 'VmRSS'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${key}:`));
  const kb = Number(/(\d+)\s*kB/.exec(line ?? '')?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no ${key} in /proc/${pid}/status`);
  return kb / 1024;
}

/** Requests the agent made to the API (from the API's request log) and to the cloud, and its log lines. */
function workDone(world: AgentWorld, hetzner: FakeHetznerCloud, agent: AgentProcess) {
  const apiCalls = world.api
    .stdout()
    .split('\n')
    .filter(
      (line) => line.includes('"msg":"request"') && line.includes('"path":"/v1/agent/'),
    ).length;
  return {
    apiCalls,
    cloudCalls: hetzner.requests.length,
    logLines: agent.stdout().split('\n').length,
  };
}

/** Completed jobs of a kind, from the agent's JSON log. */
const completed = (agent: AgentProcess, kind: string) =>
  agent.logged('job completed').filter((entry) => entry['kind'] === kind).length;

async function provisionAndTerminate(): Promise<void> {
  if (ENTRY === 'dist') execFileSync('pnpm', ['exec', 'tsup'], { cwd: AGENT_DIR, stdio: 'ignore' });
  const hetzner = new FakeHetznerCloud({ actionDelayMs: ACTION_MS, rateLimit: 1_000_000_000 });
  const [world] = await Promise.all([
    startWorld({
      provisioner: 'hetzner',
      api: { env: { DC_RATE_LIMIT_PER_IP: '1000000', DC_RATE_LIMIT_PER_KEY: '1000000' } },
    }),
    hetzner.start(),
  ]);
  const folder = await prepareAgent(world, {
    provisioners: `[provisioners.hetzner]
token = { env = "HCLOUD_TOKEN" }
base_url = "${hetzner.baseUrl}"
poll_interval_ms = ${ACTION_MS}
`,
    agent: { concurrency: CONCURRENCY },
    env: { HCLOUD_TOKEN: FAKE_HETZNER_TOKEN },
  });
  const agent = new AgentProcess(folder, { entry: ENTRY, nodeArgs: NODE_ARGS }).start();
  try {
    await world.waitForAgent(120_000);
    // Start-up (module loading, first heartbeat, first reconcile) is not what is measured.
    await until('the first reconcile', () => agent.status()?.last_reconcile_at, {
      timeoutMs: 120_000,
    });
    const pid = agent.pid;
    // What the agent costs doing nothing (heartbeats, long-polls, timers), for context.
    const idleFrom = cpuMs(pid);
    const idleStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
    const idleCpuPerSecond = ((cpuMs(pid) - idleFrom) * 1000) / (performance.now() - idleStart);
    const cpu0 = cpuMs(pid);
    const rssIdle = statusMb(pid, 'VmRSS');
    const work0 = workDone(world, hetzner, agent);

    const t0 = performance.now();
    const contracts = await inBatches(
      Array.from({ length: CONTRACTS }, (_, i) => i),
      RENTERS,
      () => world.rent(),
    );
    const rented = performance.now();
    await until(`${CONTRACTS} provisions`, () => completed(agent, 'provision') >= CONTRACTS, {
      timeoutMs: 1_800_000,
      intervalMs: 250,
    });
    const t1 = performance.now();
    const cpu1 = cpuMs(pid);

    // Correctness, outside the timed windows: every contract delivered with its one server.
    const servers = new Map(hetzner.servers().map((s) => [s.labels['dc-contract'], s]));
    await inBatches(contracts, RENTERS, async ({ id }) => {
      const contract = await contractOf(world, id);
      const server = servers.get(id);
      if (
        contract.status !== 'provisioned' ||
        contract.instance?.['external_id'] !== String(server?.id)
      )
        throw new Error(
          `contract ${id} is ${contract.status} with ${JSON.stringify(contract.instance)}`,
        );
    });
    if (hetzner.servers().length !== CONTRACTS)
      throw new Error(`${hetzner.servers().length} servers at the fake for ${CONTRACTS} contracts`);

    const cpu1b = cpuMs(pid);
    const t2 = performance.now();
    await inBatches(contracts, RENTERS, ({ id }) => cancel(world, id));
    const cancelled = performance.now();
    await until(
      `${CONTRACTS} terminations`,
      () => completed(agent, 'terminate') >= CONTRACTS && hetzner.servers().length === 0,
      { timeoutMs: 1_800_000, intervalMs: 250 },
    );
    const t3 = performance.now();
    const cpu2 = cpuMs(pid);
    const peakRss = statusMb(pid, 'VmHWM');
    const work = workDone(world, hetzner, agent);
    if (!agent.running) throw new Error('the agent exited during the bench');

    const provisionCpu = cpu1 - cpu0;
    const terminateCpu = cpu2 - cpu1b;
    const totalCpu = provisionCpu + terminateCpu;
    const perContract = totalCpu / CONTRACTS;
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const rows: [string, string][] = [
      ['contracts / concurrency / action time', `${CONTRACTS} / ${CONCURRENCY} / ${ACTION_MS} ms`],
      [
        'agent process',
        ENTRY === 'dist'
          ? `node ${[...NODE_ARGS, 'dist/cli.js'].join(' ')} run`
          : `node ${[...NODE_ARGS, '--import tsx src/cli/main.ts'].join(' ')} run`,
      ],
      ['provision-all wall (first rent -> last delivered)', s(t1 - t0)],
      ['  of which renting (test -> API)', s(rented - t0)],
      ['terminate-all wall (first cancel -> last server gone)', s(t3 - t2)],
      ['  of which cancelling (test -> API)', s(cancelled - t2)],
      ['agent CPU, provisioning', `${(provisionCpu / 1000).toFixed(2)} s`],
      ['agent CPU, terminating', `${(terminateCpu / 1000).toFixed(2)} s`],
      [
        'agent CPU per contract (provision + terminate)',
        `${perContract.toFixed(2)} ms (target <= ${TARGET_CPU_MS_PER_CONTRACT} ms: ${((perContract / TARGET_CPU_MS_PER_CONTRACT) * 100).toFixed(0)}% of it)`,
      ],
      [
        '  provision only / terminate only',
        `${(provisionCpu / CONTRACTS).toFixed(2)} ms / ${(terminateCpu / CONTRACTS).toFixed(2)} ms`,
      ],
      [
        'agent peak RSS (VmHWM)',
        `${peakRss.toFixed(1)} MB (target <= ${TARGET_RSS_MB} MB: ${((peakRss / TARGET_RSS_MB) * 100).toFixed(0)}% of it)`,
      ],
      ['agent RSS when idle after start-up', `${rssIdle.toFixed(1)} MB`],
      [
        'agent CPU in the 10 s after start-up, no jobs',
        `${idleCpuPerSecond.toFixed(1)} ms per second`,
      ],
      [
        'per contract: agent API calls / Hetzner calls / log lines',
        [
          work.apiCalls - work0.apiCalls,
          work.cloudCalls - work0.cloudCalls,
          work.logLines - work0.logLines,
        ]
          .map((n) => (n / CONTRACTS).toFixed(1))
          .join(' / '),
      ],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    const table = [
      '',
      `dc-agent bench (node ${process.version}, ${cpus().length} cores, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, ${new Date().toISOString()})`,
      ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
      `reproduce: cd apps/agent && ${ENTRY === 'source' ? 'DC_BENCH_AGENT=source ' : ''}pnpm bench`,
      '',
    ].join('\n');
    process.stdout.write(`${table}\n`);
  } finally {
    await agent.stop();
    await world.stop();
    await hetzner.close();
    folder.remove();
  }
}

describe('dc-agent', () => {
  bench(
    `provision + terminate ${CONTRACTS} contracts at concurrency ${CONCURRENCY} (one agent process)`,
    provisionAndTerminate,
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
