import type { ProvisionerDeps } from '../../../providers/_tagged-cloud/deps';
import { createVultrProvisioner } from '../../../providers/vultr/provisioner';
import type { VultrSshKey } from '../../../providers/vultr/wire';
import type { Provisioner } from '../../../provisioner';
import type { ConformanceTarget } from '../../conformance';
import type { FakeHandler, FakeRequest, FakeResponse } from '../../fake-server';
import { FakeTaggedCloud } from '../_shared/tagged-cloud-fake';
import { testSshPublicKey } from '../digitalocean/test-key';
import { registerVultrRoutes, vultrError } from './routes';
import { type FakeVultrInstance, FakeVultrState } from './state';

/** Settings of {@link FakeVultr}. */
export interface FakeVultrOptions {
  /** The one API key the fake accepts (default `fake-vultr-key`). */
  readonly apiKey?: string;
  /** How long a deploy or power change takes, ms (default 20). */
  readonly delayMs?: number;
}

/**
 * An in-process Vultr API v2: the real paths, request validation, JSON shapes and
 * `{"error","status"}` errors, instances and SSH keys kept in memory, deploys (pending → active,
 * stopped → running, one-time `default_password`) and power changes that finish after `delayMs`,
 * cursor pagination with `meta.links`, Bearer auth, and fault injection through `server.faults`
 * (`crashAfterCreateNext` on `POST /v2/instances`, `failActionNext` makes the next deploy end in
 * status `errored`). Like Vultr, it sends no rate-limit headers: a 429 carries only the error body.
 */
export class FakeVultr extends FakeTaggedCloud {
  /** The one credential the fake accepts. */
  readonly apiKey: string;
  /** The account's contents, for tests that set up or inspect it directly. */
  readonly state: FakeVultrState;

  constructor(options: FakeVultrOptions = {}) {
    super();
    this.apiKey = options.apiKey ?? 'fake-vultr-key';
    this.state = new FakeVultrState(options.delayMs ?? 20);
    registerVultrRoutes(this.server, this.state, (req, handler) => this.#guard(req, handler));
  }

  protected override rateLimitResponse(): FakeResponse {
    return vultrError(
      429,
      'Rate limit reached - please try your request again later. Current rate limit: 30 requests/sec',
    );
  }

  /** Instances in the account (wire shape plus the user data they were created with). */
  instances(): FakeVultrInstance[] {
    this.state.advance();
    return [...this.state.instances.values()];
  }

  /** SSH keys in the account. */
  keys(): VultrSshKey[] {
    return [...this.state.keys.values()];
  }

  async #guard(req: FakeRequest, handler: FakeHandler): Promise<FakeResponse> {
    this.state.advance();
    return req.headers.authorization === `Bearer ${this.apiKey}`
      ? handler(req)
      : vultrError(401, 'Invalid API token.');
  }

  /**
   * The conformance target: a provisioner configured against this fake (started if needed), one
   * with a wrong API key, and hooks to inspect and break the fake. `close()` stops the fake.
   */
  async conformanceTarget(deps: ProvisionerDeps = {}): Promise<ConformanceTarget> {
    const baseUrl = await this.started();
    const make = (apiKey: string): Provisioner =>
      createVultrProvisioner(
        {
          apiKey,
          baseUrl,
          region: 'fra',
          osId: 2284,
          pollIntervalMs: 5,
          createTimeoutMs: 5_000,
        },
        { retry: { baseDelayMs: 5, maxDelayMs: 50 }, ...deps },
      );
    const renterKey = testSshPublicKey();
    return {
      provisioner: make(this.apiKey),
      misconfigured: make(`${this.apiKey}-wrong`),
      request: (contractId) => ({
        contractId,
        offeringId: 'vultr-vc2-1',
        cpuCores: 1,
        memoryMiB: 1024,
        diskGiB: 25,
        image: 'ubuntu-24.04',
        location: 'fra',
        sshPublicKeys: [renterKey],
        config: {},
        script: 'echo provisioned > /root/hello',
      }),
      ...this.taggedHooks(
        () => this.instances(),
        () => this.keys(),
      ),
      stopOutOfBand: async (externalId) => {
        const instance = this.state.instances.get(externalId);
        if (instance === undefined) throw new Error(`fake: no instance ${externalId}`);
        instance.power_status = 'stopped';
      },
      addForeignServer: async () => {
        this.state.addInstance({
          region: 'fra',
          plan: 'vc2-1c-1gb',
          label: 'someone-elses-web',
          tags: ['web'],
          osId: 2284,
          ready: true,
        });
      },
      close: () => this.close(),
    };
  }
}
