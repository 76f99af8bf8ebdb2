import {
  type Client,
  type ClientAuth,
  type CompleteJobReturnType,
  completeJob,
  createClient,
  type FailJobReturnType,
  failJob,
  keyAuth,
  type LeaseJobsReturnType,
  leaseJobs,
  type RegisterAgentParameters,
  type RegisterAgentReturnType,
  registerAgent,
  renewJobLease,
  sendHeartbeat,
} from '@dc/client';
import { generateIdentity, type Identity, seal } from '@dc/crypto';

/** A job an agent holds. */
export type HeldJob = LeaseJobsReturnType['jobs'][number];

/** What every report about a job must carry: the lease it was made under. */
export interface LeaseProof {
  readonly lease_id: string;
  readonly fencing_token: number;
}

/** The proof of the lease `job` was handed out with. */
export function proofOf(job: HeldJob): LeaseProof {
  return { lease_id: job.lease_id, fencing_token: job.fencing_token };
}

/** Where the agent talks to and how it signs (by default `keyAuth`, real time). */
export interface TestAgentOptions {
  readonly baseUrl: string | (() => string);
  readonly identity?: Identity;
  readonly auth?: (secretKey: Uint8Array) => ClientAuth;
}

/**
 * A provider agent written only with `@dc/client`, as `dc-agent` would talk to the API: it
 * signs with its own key, registers with a setup token, leases jobs and reports on them. It does
 * no real provisioning; the instance it reports is named after the job and fencing token, so a
 * test can tell which lease delivered a server.
 */
export class TestAgent {
  readonly identity: Identity;
  private readonly clients = new Map<string, Client>();
  delegation: RegisterAgentReturnType | undefined;

  constructor(private readonly options: TestAgentOptions) {
    this.identity = options.identity ?? generateIdentity();
  }

  /** A client for the next request: a fixed server, or one the options pick per call. */
  get client(): Client {
    const { baseUrl } = this.options;
    const url = typeof baseUrl === 'string' ? baseUrl : baseUrl();
    let client = this.clients.get(url);
    if (!client) {
      const auth = (this.options.auth ?? keyAuth)(this.identity.secretKey);
      client = createClient({ baseUrl: url, auth, retries: 0 });
      this.clients.set(url, client);
    }
    return client;
  }

  /** Registers the key with a setup token and declares `docker`, as the agent does at start. */
  async register(
    token: string,
    region: RegisterAgentParameters['body']['region'] = 'europe',
  ): Promise<RegisterAgentReturnType> {
    this.delegation = await registerAgent(this.client, {
      body: { token, agent_pubkey: this.identity.publicKeyHex, region },
    });
    await this.heartbeat();
    return this.delegation;
  }

  /** Says the agent is alive and runs `docker`; the provider counts as online for a while. */
  async heartbeat(): Promise<void> {
    await sendHeartbeat(this.client, {
      body: { version: 'e2e-agent-1', provisioner_kinds: ['docker'] },
    });
  }

  /** Leases up to `max` jobs, long-polling up to `waitMs` for one. */
  async lease(max = 1, waitMs = 0): Promise<HeldJob[]> {
    return (await leaseJobs(this.client, { body: { max, wait_ms: waitMs } })).jobs;
  }

  /** Renews the lease of `job`. */
  renew(job: HeldJob, proof: LeaseProof = proofOf(job)) {
    return renewJobLease(this.client, { id: job.job_id, body: proof });
  }

  /**
   * Reports a provision job done: the instance (`ext-<job>-<fencing token>`) and the root
   * password sealed to every key of the renter the lease named, bound to the contract.
   */
  provisioned(
    job: HeldJob,
    password: string,
    proof: LeaseProof = proofOf(job),
  ): Promise<CompleteJobReturnType> {
    const envelope = seal(password, job.contract.renter_public_keys, {
      contractId: job.contract.id,
      purpose: 'root_password',
    });
    return completeJob(this.client, {
      id: job.job_id,
      body: {
        ...proof,
        instance: {
          provisioner: job.contract.provisioner,
          external_id: instanceIdOf(job.job_id, proof.fencing_token),
          ipv4: '203.0.113.10',
        },
        credentials: [{ purpose: 'root_password', envelope: envelope as never }],
      },
    });
  }

  /** Reports a job without a delivery (terminate, stop, start, key rotation) done. */
  done(job: HeldJob, proof: LeaseProof = proofOf(job)): Promise<CompleteJobReturnType> {
    return completeJob(this.client, { id: job.job_id, body: proof });
  }

  /** Reports a failed attempt. */
  failed(job: HeldJob, error: string, retryable: boolean): Promise<FailJobReturnType> {
    return failJob(this.client, { id: job.job_id, body: { ...proofOf(job), error, retryable } });
  }
}

/** The external id a {@link TestAgent} reports for the server it made under this lease. */
export function instanceIdOf(jobId: string, fencingToken: number): string {
  return `ext-${jobId}-${fencingToken}`;
}
