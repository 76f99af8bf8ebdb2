import type { ProvisionerDeps } from '../../../providers/_tagged-cloud/deps';
import { createDigitalOceanProvisioner } from '../../../providers/digitalocean/provisioner';
import type { DoSshKey } from '../../../providers/digitalocean/wire';
import type { Provisioner } from '../../../provisioner';
import type { ConformanceTarget } from '../../conformance';
import type { FakeHandler, FakeRequest, FakeResponse } from '../../fake-server';
import { FakeTaggedCloud } from '../_shared/tagged-cloud-fake';
import { doError, registerDoRoutes } from './routes';
import { FakeDoState, type FakeDroplet } from './state';
import { testSshPublicKey } from './test-key';

/** Settings of {@link FakeDigitalOcean}. */
export interface FakeDigitalOceanOptions {
  /** The one token the fake accepts (default `fake-do-token`). */
  readonly token?: string;
  /** How long actions (create, power) take, ms (default 20). */
  readonly actionDelayMs?: number;
  /** Requests per hour in `ratelimit-limit` (default 5000, DigitalOcean's). */
  readonly rateLimit?: number;
}

// The hourly window behind DigitalOcean's ratelimit-* headers.
const WINDOW_MS = 3_600_000;

/**
 * An in-process DigitalOcean API v2: the real paths, request validation, JSON shapes and
 * `{"id","message"}` errors, droplets and SSH keys kept in memory, actions that complete after
 * `actionDelayMs`, page/per_page pagination with `links.pages`, the `ratelimit-*` headers on
 * every answer, Bearer auth, and fault injection through `server.faults` (`crashAfterCreateNext`
 * on `POST /v2/droplets`, `failActionNext` makes the next droplet's create action `errored`).
 */
export class FakeDigitalOcean extends FakeTaggedCloud {
  /** The one credential the fake accepts. */
  readonly token: string;
  /** The account's contents, for tests that set up or inspect it directly. */
  readonly state: FakeDoState;
  readonly #limit: number;
  #remaining: number;
  #windowEnd = Date.now() + WINDOW_MS;

  constructor(options: FakeDigitalOceanOptions = {}) {
    super();
    this.token = options.token ?? 'fake-do-token';
    this.state = new FakeDoState(options.actionDelayMs ?? 20);
    this.#limit = options.rateLimit ?? 5000;
    this.#remaining = this.#limit;
    registerDoRoutes(
      this.server,
      this.state,
      () => this.baseUrl,
      (req, handler) => this.#guard(req, handler),
    );
  }

  // A refused request: remaining 0 and a reset in the next second, so clients wait briefly.
  protected override rateLimitResponse(): FakeResponse {
    return {
      ...doError(429, 'too_many_requests', 'API Rate limit exceeded.'),
      headers: this.#rateHeaders(0, Math.floor(Date.now() / 1000) + 1),
    };
  }

  /** Droplets in the account (wire shape plus the user data they were created with). */
  droplets(): FakeDroplet[] {
    this.state.advance();
    return [...this.state.droplets.values()];
  }

  /** SSH keys in the account. */
  keys(): DoSshKey[] {
    return [...this.state.keys.values()];
  }

  #rateHeaders(remaining: number, reset: number): Record<string, string> {
    return {
      'ratelimit-limit': String(this.#limit),
      'ratelimit-remaining': String(remaining),
      'ratelimit-reset': String(reset),
    };
  }

  async #guard(req: FakeRequest, handler: FakeHandler): Promise<FakeResponse> {
    const now = Date.now();
    if (now >= this.#windowEnd) {
      this.#windowEnd = now + WINDOW_MS;
      this.#remaining = this.#limit;
    }
    this.#remaining = Math.max(0, this.#remaining - 1);
    const headers = this.#rateHeaders(this.#remaining, Math.floor(this.#windowEnd / 1000));
    this.state.advance(now);
    const response =
      req.headers.authorization === `Bearer ${this.token}`
        ? await handler(req)
        : doError(401, 'Unauthorized', 'Unable to authenticate you');
    return { ...response, headers: { ...headers, ...response.headers } };
  }

  /**
   * The conformance target: a provisioner configured against this fake (started if needed), one
   * with a wrong token, and hooks to inspect and break the fake. `close()` stops the fake.
   */
  async conformanceTarget(deps: ProvisionerDeps = {}): Promise<ConformanceTarget> {
    const baseUrl = await this.started();
    const make = (token: string): Provisioner =>
      createDigitalOceanProvisioner(
        { token, baseUrl, region: 'fra1', pollIntervalMs: 5, createTimeoutMs: 5_000 },
        { retry: { baseDelayMs: 5, maxDelayMs: 50 }, ...deps },
      );
    const renterKey = testSshPublicKey();
    return {
      provisioner: make(this.token),
      misconfigured: make(`${this.token}-wrong`),
      request: (contractId) => ({
        contractId,
        offeringId: 'do-basic-1',
        cpuCores: 1,
        memoryMiB: 1024,
        diskGiB: 25,
        image: 'ubuntu-24-04-x64',
        location: 'fra1',
        sshPublicKeys: [renterKey],
        config: {},
        script: 'echo provisioned > /root/hello',
      }),
      ...this.taggedHooks(
        () => this.droplets(),
        () => this.keys(),
      ),
      stopOutOfBand: async (externalId) => {
        const droplet = this.state.droplets.get(Number(externalId));
        if (droplet === undefined) throw new Error(`fake: no droplet ${externalId}`);
        droplet.status = 'off';
      },
      addForeignServer: async () => {
        this.state.addDroplet({
          name: 'someone-elses-web',
          region: 'fra1',
          size: 's-1vcpu-1gb',
          image: 'ubuntu-24-04-x64',
          tags: ['web'],
          status: 'active',
        });
      },
      close: () => this.close(),
    };
  }
}
