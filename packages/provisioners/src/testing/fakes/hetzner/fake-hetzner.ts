import type { WireAction, WireServer, WireSshKey } from '../../../providers/hetzner/wire';
import type { ConformanceTarget } from '../../conformance';
import {
  type FakeFaults,
  FakeHttpServer,
  type FakeLogEntry,
  type FakeRequest,
  type FakeResponse,
} from '../../fake-server';
import { FakeHetznerError } from './api-error';
import { FAKE_IMAGES, FAKE_LOCATIONS, FAKE_SERVER_TYPES } from './catalog';
import { hetznerConformanceTarget } from './conformance-target';
import type { HetznerHandler, RouteContext } from './route';
import { registerCatalogRoutes } from './routes-catalog';
import { newServer, registerServerRoutes } from './routes-servers';
import { registerSshKeyRoutes } from './routes-ssh-keys';
import { type ActionDelay, FakeHetznerState } from './state';

/** Settings of {@link FakeHetznerCloud}. */
export interface FakeHetznerOptions {
  /** The token the fake accepts as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** How long actions run, ms (default 20). */
  readonly actionDelayMs?: ActionDelay;
  /** Largest `per_page` honoured (Hetzner: 50); lower it to force several pages. */
  readonly maxPerPage?: number;
  /** Requests per hour (`RateLimit-Limit`, Hetzner: 3600); refilled one per second. */
  readonly rateLimit?: number;
  /** Servers the project may hold before `resource_limit_exceeded`. */
  readonly serverLimit?: number;
  /** Seconds until `RateLimit-Reset` on an injected 429 (fault `rateLimitNext`), default 1. */
  readonly injectedResetSeconds?: number;
}

/** The token the fake accepts unless told otherwise. */
export const FAKE_HETZNER_TOKEN = 'fake-hetzner-token-0123456789abcdef';

/**
 * An in-process Hetzner Cloud API v1: real paths (`/v1/servers`, `/v1/servers/{id}/actions/*`,
 * `/v1/actions?id=`, `/v1/actions/{id}`, `/v1/ssh_keys`, `/v1/server_types`, `/v1/locations`,
 * `/v1/images`), response and error shapes, `meta.pagination`, Bearer auth, `label_selector`, the
 * `RateLimit-*` headers on every answer, actions that run for a while and then succeed (or
 * fail, fault `failActionNext`), and the shared faults (latency, 429, 5xx, crash after
 * `POST /servers`).
 *
 * ```ts
 * const fake = new FakeHetznerCloud();
 * const baseUrl = await fake.start(); // http://127.0.0.1:port/v1
 * ```
 */
export class FakeHetznerCloud {
  /** The HTTP server underneath (faults, request log). */
  readonly http: FakeHttpServer;
  /** Everything the project holds; tests may read and change it. */
  readonly state: FakeHetznerState;
  readonly token: string;
  maxPerPage: number;
  serverLimit: number;
  readonly #rateLimit: number;
  readonly #injectedResetSeconds: number;
  #remaining: number;
  #refilledAt = Date.now();
  readonly #failures: string[] = [];
  #baseUrl: string | undefined;

  constructor(options: FakeHetznerOptions = {}) {
    this.token = options.token ?? FAKE_HETZNER_TOKEN;
    this.maxPerPage = options.maxPerPage ?? 50;
    this.serverLimit = options.serverLimit ?? 1000;
    this.#rateLimit = options.rateLimit ?? 3600;
    this.#remaining = this.#rateLimit;
    this.#injectedResetSeconds = options.injectedResetSeconds ?? 1;
    this.http = new FakeHttpServer({
      rateLimitResponse: () =>
        new FakeHetznerError(
          'rate_limit_exceeded',
          `limit of ${this.#rateLimit} requests per hour reached`,
        ).toResponse({
          'ratelimit-limit': String(this.#rateLimit),
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(Math.floor(Date.now() / 1000) + this.#injectedResetSeconds),
        }),
    });
    this.state = new FakeHetznerState(options.actionDelayMs ?? 20, () =>
      this.http.takeActionFailure(),
    );
    const ctx: RouteContext = {
      state: this.state,
      maxPerPage: () => this.maxPerPage,
      serverLimit: () => this.serverLimit,
    };
    const route = (
      method: string,
      path: string,
      handler: HetznerHandler,
      opts: { creates?: boolean } = {},
    ) => this.http.route(method, `/v1${path}`, (req) => this.#answer(req, handler), opts);
    registerServerRoutes(route, ctx);
    registerSshKeyRoutes(route, ctx);
    registerCatalogRoutes(route, ctx);
    // Anything else gets Hetzner's 404 (with auth and rate-limit headers like every answer).
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      this.http.route(method, '/.*', (req) =>
        this.#answer(req, () => {
          throw new FakeHetznerError('not_found', `no such endpoint: ${req.method} ${req.path}`);
        }),
      );
    }
  }

  /** Starts listening on 127.0.0.1; resolves the API base URL (`http://127.0.0.1:port/v1`). */
  async start(): Promise<string> {
    if (this.#baseUrl === undefined) this.#baseUrl = `${await this.http.listen()}/v1`;
    return this.#baseUrl;
  }

  /** The API base URL; throws before `start()`. */
  get baseUrl(): string {
    if (this.#baseUrl === undefined) throw new Error('FakeHetznerCloud: call start() first');
    return this.#baseUrl;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** Fault injection (shared with every fake). */
  get faults(): FakeFaults {
    return this.http.faults;
  }

  /** Every request answered so far. */
  get requests(): readonly FakeLogEntry[] {
    return this.http.log;
  }

  /** Servers in the project (after settling finished actions). */
  servers(): WireServer[] {
    this.state.settle();
    return [...this.state.servers.values()];
  }

  /** SSH keys in the project. */
  sshKeys(): WireSshKey[] {
    return [...this.state.sshKeys.values()];
  }

  /** Every action ever started. */
  actions(): WireAction[] {
    this.state.settle();
    return [...this.state.actions.values()];
  }

  /** The `user_data` a server was created with. */
  userDataOf(serverId: number): string | undefined {
    return this.state.userData.get(serverId);
  }

  /** Adds a running server behind the provisioner's back (a foreign one unless labelled). */
  addServer(spec: {
    name: string;
    labels?: Record<string, string>;
    serverType?: string;
    location?: string;
    image?: string;
    ipv4?: boolean;
  }): WireServer {
    const serverType = FAKE_SERVER_TYPES.find((t) => t.name === (spec.serverType ?? 'cx22'));
    const location = FAKE_LOCATIONS.find((l) => l.name === (spec.location ?? 'fsn1'));
    const image = FAKE_IMAGES.find(
      (i) =>
        i.name === (spec.image ?? 'ubuntu-24.04') && i.architecture === serverType?.architecture,
    );
    if (!serverType || !location || !image)
      throw new Error('FakeHetznerCloud.addServer: unknown server type, location or image');
    const server = newServer(this.state, {
      name: spec.name,
      serverType,
      image,
      location,
      labels: spec.labels ?? {},
      status: 'running',
    });
    if (spec.ipv4 === false) server.public_net.ipv4 = null;
    this.state.servers.set(server.id, server);
    return server;
  }

  /**
   * Answers the next `count` requests (after auth) with a Hetzner error of this code, with its
   * status and the rate-limit headers, e.g. `failNext('unavailable')` or `failNext('locked')`.
   */
  failNext(code: string, count = 1): void {
    for (let i = 0; i < count; i++) this.#failures.push(code);
  }

  /** Sets a server's status directly (power cut, out-of-band shutdown). */
  setServerStatus(serverId: number, status: WireServer['status']): void {
    const server = this.state.servers.get(serverId);
    if (!server) throw new Error(`FakeHetznerCloud: no server ${serverId}`);
    server.status = status;
  }

  /**
   * A {@link ConformanceTarget} on this fake (started if needed): a provisioner with the right
   * token, one with a wrong token, and the hooks to look at and break the cloud. `close()`
   * stops the fake.
   */
  async conformanceTarget(): Promise<ConformanceTarget> {
    await this.start();
    return hetznerConformanceTarget(this);
  }

  #answer(req: FakeRequest, handler: HetznerHandler): FakeResponse {
    this.state.settle();
    const limited = this.#takeRequest();
    const headers = this.#rateLimitHeaders();
    try {
      if (limited)
        throw new FakeHetznerError(
          'rate_limit_exceeded',
          `limit of ${this.#rateLimit} requests per hour reached`,
        );
      if (req.headers.authorization !== `Bearer ${this.token}`)
        throw new FakeHetznerError('unauthorized', 'unable to authenticate');
      const injected = this.#failures.shift();
      if (injected !== undefined)
        throw new FakeHetznerError(injected, `injected ${injected} error`);
      const response = handler(req);
      return { ...response, headers: { ...response.headers, ...headers } };
    } catch (error) {
      if (error instanceof FakeHetznerError) return error.toResponse(headers);
      throw error;
    }
  }

  /** Spends one request from the bucket (refilled one per second); `true` when it is empty. */
  #takeRequest(): boolean {
    const now = Date.now();
    this.#remaining = Math.min(this.#rateLimit, this.#remaining + (now - this.#refilledAt) / 1000);
    this.#refilledAt = now;
    if (this.#remaining < 1) return true;
    this.#remaining -= 1;
    return false;
  }

  #rateLimitHeaders(): Record<string, string> {
    const remaining = Math.floor(this.#remaining);
    return {
      'ratelimit-limit': String(this.#rateLimit),
      'ratelimit-remaining': String(remaining),
      // When the bucket is full again, as a Unix timestamp (like Hetzner).
      'ratelimit-reset': String(Math.ceil(Date.now() / 1000 + (this.#rateLimit - this.#remaining))),
    };
  }
}
