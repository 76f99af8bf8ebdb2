import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { completeJob, type LeaseJobsReturnType, leaseJobs } from '@dc/client';
import type { TestAgent, WorldProvider } from '../agents/_agents';
import { acceptedContract, dockerOffering } from '../agents/_agents';
import type { ContractWorld } from '../contracts/_http';
import type { TestAccount } from '../offerings/_support';

/**
 * A TCP listener on loopback that the test opens and closes on a schedule, always on the same
 * port: the "SSH port" of a delivered instance.
 */
export class ScheduledPort {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();

  private constructor(readonly port: number) {}

  /** A port that is free now (taken, then released), closed until {@link open}. */
  static async reserve(): Promise<ScheduledPort> {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as { port: number };
    probe.close();
    await once(probe, 'close');
    return new ScheduledPort(port);
  }

  get isOpen(): boolean {
    return this.server !== null;
  }

  async open(): Promise<void> {
    if (this.server !== null) return;
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    server.close();
    await once(server, 'close');
  }
}

/**
 * A docker contract of the agent's pool, delivered by the agent now (world clock) with an
 * instance at 127.0.0.1 whose SSH port is `port`.
 */
export async function deliveredOnLoopback(
  world: ContractWorld,
  provider: WorldProvider,
  agent: TestAgent,
  port: number,
): Promise<{ contractId: string; renter: TestAccount }> {
  const { contract, renter } = await acceptedContract(
    world,
    provider,
    await dockerOffering(provider),
  );
  const { jobs } = await leaseJobs(agent.client, { body: { max: 10 } });
  const job = jobs.find(
    (j) => j.contract.id === contract.id,
  ) as LeaseJobsReturnType['jobs'][number];
  await completeJob(agent.client, {
    id: job.job_id,
    body: {
      lease_id: job.lease_id,
      fencing_token: job.fencing_token,
      instance: {
        provisioner: 'docker',
        external_id: `ctr-${contract.id}`,
        ipv4: '127.0.0.1',
        ssh_port: port,
      },
    },
  });
  return { contractId: contract.id, renter };
}
