import { bench, describe } from 'vitest';
import {
  FakeProcess,
  type Measured,
  provisionAndTerminate,
  rawFetchCalls,
  rawHttpCalls,
} from './workload';

// Provision + terminate of SERVERS servers through the Hetzner provisioner, CONCURRENCY at a
// time, against the fake Hetzner Cloud running in a child process (actions finish after 0-1 ms,
// polled every 1 ms). This process's CPU time (process.cpuUsage, user + system) is then the
// provisioner's side alone: provisioner, hcloud-js/axios and Node's HTTP client. The fake's CPU
// is measured in its own process and shown apart, never counted.
//
// WARM_UP rounds (JIT, connection pools; the baselines are warmed up too) are run and shown
// but not counted; then ROUNDS measured rounds, each followed by the same number of bare
// keep-alive GETs to the same fake at the same concurrency (node:http, then fetch): the
// transport floor under the same load. The round with the median CPU is reported. Figures vary
// by 20 % and more with machine load (a shared 2-core VM); nothing here asserts a time.
const SERVERS = 200;
const CONCURRENCY = 16;
const WARM_UP = 2;
const ROUNDS = 7;
const TARGET_CPU_MS = 5;

interface Round {
  readonly run: Measured;
  readonly http: Measured;
  readonly fetch: Measured;
}

const perServer = (m: Measured) => m.cpuMs / SERVERS;
const ms = (value: number) => `${value.toFixed(2)} ms`;

function report(warmUp: readonly Measured[], rounds: readonly Round[]): string {
  const sorted = [...rounds].sort((a, b) => perServer(a.run) - perServer(b.run));
  const median = sorted[Math.floor(sorted.length / 2)] as Round;
  const { run, http, fetch } = median;
  const calls = run.fake.requests;
  const cpu = perServer(run);
  const byRoute = Object.entries(run.fake.byRoute)
    .sort((a, b) => b[1] - a[1])
    .map(([route, n]) => `${route} ${(n / SERVERS).toFixed(2)}`)
    .join(', ');
  return [
    `hetzner: provision + terminate ${SERVERS} servers, concurrency ${CONCURRENCY}, fake in a child process`,
    `  warm-up rounds (not counted), CPU per server: ${warmUp.map((m) => ms(perServer(m))).join(', ')}`,
    `  measured rounds (CPU per server): ${rounds.map((r) => ms(perServer(r.run))).join(', ')}; median round:`,
    `  throughput: ${(SERVERS / run.seconds).toFixed(1)} servers/s`,
    `  provisioner-side CPU per server: ${ms(cpu)} (of which kernel ${ms(run.systemMs / SERVERS)}; target < ${TARGET_CPU_MS} ms: ${cpu < TARGET_CPU_MS ? 'met' : 'NOT met'})`,
    `  API calls per server: ${(calls / SERVERS).toFixed(2)} (${byRoute})`,
    `  baseline, same round: ${calls} bare node:http GETs cost ${ms(perServer(http))} per server (${((http.cpuMs / calls) * 1000).toFixed(0)} us per call); the provisioner side is ${(run.cpuMs / http.cpuMs).toFixed(1)}x that`,
    `  the same with fetch (undici): ${ms(perServer(fetch))} per server (${((fetch.cpuMs / calls) * 1000).toFixed(0)} us per call)`,
    `  the fake's own CPU (its process, not counted above): ${ms(run.fake.cpuMs / SERVERS)} per server`,
  ].join('\n');
}

describe('hetzner provisioner on the fake cloud', () => {
  bench(
    `provision + terminate ${SERVERS} servers, concurrency ${CONCURRENCY}, fake in a child process`,
    async () => {
      const fake = await FakeProcess.start();
      try {
        const warmUp: Measured[] = [];
        for (let i = 1; i <= WARM_UP; i++) {
          const run = await provisionAndTerminate(fake, SERVERS, CONCURRENCY, `warm${i}`);
          // The baselines are warmed up too, so every measured round compares warm with warm.
          await rawHttpCalls(fake, run.fake.requests, CONCURRENCY);
          await rawFetchCalls(fake, run.fake.requests, CONCURRENCY);
          warmUp.push(run);
        }
        const rounds: Round[] = [];
        for (let i = 1; i <= ROUNDS; i++) {
          const run = await provisionAndTerminate(fake, SERVERS, CONCURRENCY, `round${i}`);
          const http = await rawHttpCalls(fake, run.fake.requests, CONCURRENCY);
          const fetch = await rawFetchCalls(fake, run.fake.requests, CONCURRENCY);
          rounds.push({ run, http, fetch });
        }
        console.log(report(warmUp, rounds));
      } finally {
        await fake.stop();
      }
    },
    { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 },
  );
});
