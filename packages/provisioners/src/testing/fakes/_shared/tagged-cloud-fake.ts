import { keyNamePrefix } from '../../../providers/_tagged-cloud/ssh-keys';
import { contractTag } from '../../../providers/_tagged-cloud/tags';
import type { ConformanceTarget } from '../../conformance';
import { FakeHttpServer, type FakeResponse } from '../../fake-server';

/** The conformance hooks that read or break a tagged-cloud fake the same way for every cloud. */
export type TaggedCloudHooks = Pick<
  ConformanceTarget,
  'resourcesFor' | 'crashAfterNextCreate' | 'failNextProvisionAfterCreate'
>;

/**
 * The lifecycle shared by the fakes of the tagged clouds (DigitalOcean, Vultr): one
 * {@link FakeHttpServer} whose API root is `<listen url>/v2`, started on demand and closed with
 * the fake. Subclasses register their routes and keep their own state.
 */
export abstract class FakeTaggedCloud {
  /** The HTTP server underneath: `faults` to break it, `log` to see what was asked. */
  readonly server: FakeHttpServer;
  #base = '';

  constructor() {
    // A closure, not a value: subclass fields the answer may use do not exist yet here.
    this.server = new FakeHttpServer({ rateLimitResponse: () => this.rateLimitResponse() });
  }

  /** The answer to a request refused by the injected rate-limit fault, in the cloud's shape. */
  protected abstract rateLimitResponse(): FakeResponse;

  /** Starts listening; resolves the API root (`http://127.0.0.1:port/v2`). */
  async start(): Promise<string> {
    this.#base = `${await this.server.listen()}/v2`;
    return this.#base;
  }

  /** The API root, once started. */
  get baseUrl(): string {
    return this.#base;
  }

  /** Stops the server. */
  close(): Promise<void> {
    return this.server.close();
  }

  /** The API root, starting the server first if it is not listening yet. */
  protected async started(): Promise<string> {
    if (this.#base === '') await this.start();
    return this.#base;
  }

  /**
   * The conformance hooks both clouds answer alike: servers found by contract tag, keys by the
   * contract's key-name prefix, and the create/action faults of {@link FakeHttpServer}.
   */
  protected taggedHooks(
    servers: () => readonly { readonly tags: readonly string[] }[],
    keys: () => readonly { readonly name: string }[],
  ): TaggedCloudHooks {
    return {
      resourcesFor: async (contractId) => {
        const tag = contractTag(contractId);
        const prefix = keyNamePrefix(contractId);
        return {
          servers: servers().filter((s) => s.tags.includes(tag)).length,
          other: keys().filter((k) => k.name.startsWith(prefix)).length,
        };
      },
      crashAfterNextCreate: () => {
        this.server.faults.crashAfterCreateNext += 1;
      },
      failNextProvisionAfterCreate: () => {
        this.server.faults.failActionNext += 1;
      },
    };
  }
}
