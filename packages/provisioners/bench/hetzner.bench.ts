import { fork } from 'node:child_process';
import { once } from 'node:events';
import { Agent, get } from 'node:http';
import { bench, describe } from 'vitest';
import { createHetznerProvisioner } from '../src/providers/hetzner';
import { FakeHetznerCloud, generateSshPublicKey } from '../src/testing/fakes/hetzner';
import type { ProvisionRequest } from '../src/types';

// Provision + terminate of SERVERS servers on the fake Hetzner Cloud, CONCURRENCY at a time,
// with actions that finish after 0-1 ms. Reports throughput (servers/s) and CPU per server.
//
// CPU per server is the whole process's CPU time (process.cpuUsage, user + system) over the
// run divided by the server count, with nothing subtracted: the fake runs in this process, so
// the figure includes the fake's HTTP server and its JSON work as well as the provisioner's,
// hcloud-js/axios and the HTTP client. The target is < 5 ms per server.
const SERVERS = 200;
const CONCURRENCY = 16;
const TARGET_CPU_MS = 5;

/**
 * For scale: CPU of `count` bare node:http GETs (keep-alive, same concurrency) to the fake, the
 * floor any client pays for that many round trips with the server in this process.
 */
async function bareRoundTripsCpuMs(fake: FakeHetznerCloud, count: number): Promise<number> {
  const agent = new Agent({ keepAlive: true });
  const headers = { authorization: `Bearer ${fake.token}` };
  const once = () =>
    new Promise<void>((resolve, reject) => {
      get(`${fake.baseUrl}/actions/1`, { agent, headers }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
  let sent = 0;
  const before = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent++ < count) await once();
    }),
  );
  const cpu = process.cpuUsage(before);
  agent.destroy();
  return (cpu.user + cpu.system) / 1000;
}

async function run(): Promise<{
  seconds: number;
  cpuMsPerServer: number;
  requests: number;
  floorMsPerServer: number;
}> {
  // The rate limit is raised: polling every 1 ms spends more than the real 3600/hour budget.
  const fake = new FakeHetznerCloud({ actionDelayMs: { min: 0, max: 1 }, rateLimit: 1_000_000 });
  const baseUrl = await fake.start();
  try {
    const provisioner = createHetznerProvisioner({
      token: fake.token,
      baseUrl,
      location: 'fsn1',
      pollIntervalMs: 1,
    });
    const requests: ProvisionRequest[] = Array.from({ length: SERVERS }, (_, i) => ({
      contractId: `bench${i.toString().padStart(7, '0')}deadbeef`,
      offeringId: 'bench',
      cpuCores: 2,
      memoryMiB: 4096,
      diskGiB: 40,
      image: 'ubuntu-24.04',
      location: 'fsn1',
      sshPublicKeys: [generateSshPublicKey(`renter${i}`)],
      config: {},
    }));
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const request = requests[next++] as ProvisionRequest;
        const instance = await provisioner.provision(request);
        await provisioner.terminate(instance.externalId);
      }
    };
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    if (fake.servers().length !== 0 || fake.sshKeys().length !== 0)
      throw new Error('bench: resources left behind');
    const calls = fake.requests.length;
    const floorMsPerServer = (await bareRoundTripsCpuMs(fake, calls)) / SERVERS;
    return {
      seconds,
      cpuMsPerServer: (cpu.user + cpu.system) / 1000 / SERVERS,
      requests: calls,
      floorMsPerServer,
    };
  } finally {
    await fake.close();
  }
}

/**
 * The same run with the fake in a child process: the bench process's CPU is then only the
 * client side (provisioner + hcloud-js/axios + ky/undici), the figure the target is about.
 */
async function runAgainstSeparateFake(): Promise<{ seconds: number; cpuMsPerServer: number }> {
  const child = fork(new URL('./fake-hetzner-process.ts', import.meta.url), {
    execArgv: ['--import', 'tsx'],
  });
  const [ready] = (await once(child, 'message')) as [{ baseUrl: string; token: string }];
  try {
    const provisioner = createHetznerProvisioner({
      token: ready.token,
      baseUrl: ready.baseUrl,
      location: 'fsn1',
      pollIntervalMs: 1,
    });
    let next = 0;
    const worker = async () => {
      while (next < SERVERS) {
        const i = next++;
        const instance = await provisioner.provision({
          contractId: `sep${i.toString().padStart(9, '0')}cafebabe`,
          offeringId: 'bench',
          cpuCores: 2,
          memoryMiB: 4096,
          diskGiB: 40,
          image: 'ubuntu-24.04',
          location: 'fsn1',
          sshPublicKeys: [generateSshPublicKey(`sep${i}`)],
          config: {},
        });
        await provisioner.terminate(instance.externalId);
      }
    };
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    child.send({ type: 'stats' });
    const [stats] = (await once(child, 'message')) as [{ servers: number; sshKeys: number }];
    if (stats.servers !== 0 || stats.sshKeys !== 0) throw new Error('bench: resources left behind');
    return { seconds, cpuMsPerServer: (cpu.user + cpu.system) / 1000 / SERVERS };
  } finally {
    child.send({ type: 'stop' });
  }
}

describe('hetzner provisioner on the fake cloud', () => {
  bench(
    `provision + terminate ${SERVERS} servers, concurrency ${CONCURRENCY}, fake in another process`,
    async () => {
      const { seconds, cpuMsPerServer } = await runAgainstSeparateFake();
      console.log(
        [
          `hetzner (fake in a child process): ${SERVERS} servers in ${seconds.toFixed(2)} s, ${(SERVERS / seconds).toFixed(1)} servers/s`,
          `  client-side CPU per server (provisioner + HTTP stacks): ${cpuMsPerServer.toFixed(2)} ms (target < ${TARGET_CPU_MS} ms)${cpuMsPerServer < TARGET_CPU_MS ? '' : '  ABOVE TARGET'}`,
        ].join('\n'),
      );
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );

  bench(
    `provision + terminate ${SERVERS} servers, concurrency ${CONCURRENCY}`,
    async () => {
      const { seconds, cpuMsPerServer, requests, floorMsPerServer } = await run();
      console.log(
        [
          `hetzner: ${SERVERS} servers provisioned + terminated in ${seconds.toFixed(2)} s`,
          `  throughput: ${(SERVERS / seconds).toFixed(1)} servers/s`,
          `  CPU per server (whole process, fake included): ${cpuMsPerServer.toFixed(2)} ms (target < ${TARGET_CPU_MS} ms)${cpuMsPerServer < TARGET_CPU_MS ? '' : '  ABOVE TARGET'}`,
          `  API requests: ${requests} (${(requests / SERVERS).toFixed(1)} per server)`,
          `  for scale, the same number of bare node:http round trips to the fake: ${floorMsPerServer.toFixed(2)} ms per server`,
        ].join('\n'),
      );
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
