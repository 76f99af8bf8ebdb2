import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import { createHetznerProvisioner } from '../src/providers/hetzner';
import { generateSshPublicKey } from '../src/testing/fakes/hetzner';

/** What the fake process reports for a measurement window. */
export interface FakeStats {
  readonly servers: number;
  readonly sshKeys: number;
  readonly requests: number;
  readonly byRoute: Readonly<Record<string, number>>;
  /** CPU the fake's process spent in the window, ms. */
  readonly cpuMs: number;
}

/** The fake Hetzner Cloud in a child process. */
export class FakeProcess {
  readonly #child: ChildProcess;
  readonly baseUrl: string;
  readonly token: string;

  private constructor(child: ChildProcess, baseUrl: string, token: string) {
    this.#child = child;
    this.baseUrl = baseUrl;
    this.token = token;
  }

  static async start(): Promise<FakeProcess> {
    const child = fork(new URL('./fake-hetzner-process.ts', import.meta.url), {
      execArgv: ['--import', 'tsx'],
    });
    const [ready] = (await once(child, 'message')) as [{ baseUrl: string; token: string }];
    return new FakeProcess(child, ready.baseUrl, ready.token);
  }

  /** Starts a measurement window in the fake. */
  async mark(): Promise<void> {
    this.#child.send({ type: 'mark' });
    await once(this.#child, 'message');
  }

  /** CPU, requests and state since the last `mark()`. */
  async stats(): Promise<FakeStats> {
    this.#child.send({ type: 'stats' });
    const [stats] = (await once(this.#child, 'message')) as [FakeStats];
    return stats;
  }

  async stop(): Promise<void> {
    const exited = once(this.#child, 'exit');
    this.#child.send({ type: 'stop' });
    await exited;
  }
}

/** One measured window: wall time, this process's CPU, and the fake's view. */
export interface Measured {
  readonly seconds: number;
  /** CPU of this process (user + system) over the window, ms. */
  readonly cpuMs: number;
  /** The system (kernel: sockets, syscalls) part of `cpuMs`. */
  readonly systemMs: number;
  readonly fake: FakeStats;
}

async function measure(fake: FakeProcess, work: () => Promise<void>): Promise<Measured> {
  await fake.mark();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    seconds,
    cpuMs: (cpu.user + cpu.system) / 1000,
    systemMs: cpu.system / 1000,
    fake: await fake.stats(),
  };
}

/** Runs `count` jobs, `concurrency` at a time. */
async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

/**
 * Provision + terminate of `servers` servers through one Hetzner provisioner, `concurrency`
 * at a time, against the fake in the child process. `tag` (up to 6 characters, part of the
 * resource names) keeps contract ids of successive runs apart. Throws when anything is left behind.
 */
export async function provisionAndTerminate(
  fake: FakeProcess,
  servers: number,
  concurrency: number,
  tag: string,
): Promise<Measured> {
  const provisioner = createHetznerProvisioner({
    token: fake.token,
    baseUrl: fake.baseUrl,
    location: 'fsn1',
    pollIntervalMs: 1,
  });
  // Keys are made up front: generating them is the caller's work, not the provisioner's.
  const keys = Array.from({ length: servers }, (_, i) => generateSshPublicKey(`${tag}${i}`));
  const result = await measure(fake, () =>
    pool(servers, concurrency, async (i) => {
      const instance = await provisioner.provision({
        contractId: `${i.toString().padStart(6, '0')}${tag.padEnd(6, '0').slice(0, 6)}deadbeef`,
        offeringId: 'bench',
        cpuCores: 2,
        memoryMiB: 4096,
        diskGiB: 40,
        image: 'ubuntu-24.04',
        location: 'fsn1',
        sshPublicKeys: [keys[i] as string],
        config: {},
      });
      await provisioner.terminate(instance.externalId);
    }),
  );
  if (result.fake.servers !== 0 || result.fake.sshKeys !== 0)
    throw new Error('bench: resources left behind');
  return result;
}

/**
 * The transport floor: `calls` bare `node:http` GETs (keep-alive agent, `concurrency` at a
 * time) to the fake's server list, which answers a small JSON page like most calls of a
 * provision. What any client pays for that many round trips, without a client library.
 */
export function rawHttpCalls(fake: FakeProcess, calls: number, concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(`${fake.baseUrl}/servers?label_selector=dc-contract%3Dnone`);
  const headers = { authorization: `Bearer ${fake.token}` };
  const one = () =>
    new Promise<void>((resolve, reject) => {
      httpRequest(url, { agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
          resolve();
        });
      })
        .on('error', reject)
        .end();
    });
  return measure(fake, async () => {
    await pool(calls, concurrency, one);
    agent.destroy();
  });
}

/** The same with Node's global `fetch` (undici), the transport under ky. */
export function rawFetchCalls(fake: FakeProcess, calls: number, concurrency: number) {
  const url = `${fake.baseUrl}/servers?label_selector=dc-contract%3Dnone`;
  const headers = { authorization: `Bearer ${fake.token}` };
  return measure(fake, () =>
    pool(calls, concurrency, async () => {
      await (await fetch(url, { headers })).json();
    }),
  );
}
