import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SSH_IMAGE } from '../../../providers/docker/config';
import type { ConformanceTarget } from '../../conformance';
import {
  type FakeHandler,
  FakeHttpServer,
  type FakeRequest,
  type FakeResponse,
  json,
} from '../../fake-server';
import { extractArchive } from './archive';
import {
  type FakeExec,
  FakeExecRuntime,
  type FakeExecStartAnswer,
  type FakeRecipeBehaviour,
} from './exec';
import type { FakeFile } from './files';
import { DockerFront, type FakePullAnswer } from './front';
import {
  type FakeContainer,
  type FakePortBinding,
  inspectOf,
  matchesLabels,
  newContainerId,
  summaryOf,
  ZERO_TIME,
} from './state';
import { type DockerTargetOptions, dockerConformanceTarget } from './target';

/** Settings of {@link FakeDockerEngine}. */
export interface FakeDockerOptions {
  /** Images already on the host (default: none, so the first provision pulls). */
  readonly images?: readonly string[];
  /** Images the fake registry serves (default: the default SSH image). */
  readonly registry?: readonly string[];
  /** User-defined networks besides `bridge`, `host` and `none`. */
  readonly networks?: readonly string[];
  /** CPUs of the fake host, for the NanoCpus check (default 8). */
  readonly cpus?: number;
  /** Newest API version the fake speaks (default `1.47`). */
  readonly apiVersion?: string;
  /** Oldest API version the fake accepts (default `1.24`). */
  readonly minApiVersion?: string;
  /** Pause between two pull progress lines, ms (default 1). */
  readonly pullLineDelayMs?: number;
  /** How recipes run (default: exit 0 after printing a line); also settable later. */
  readonly recipe?: FakeRecipeBehaviour;
}

const NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const RESTART_POLICIES = new Set(['', 'no', 'always', 'on-failure', 'unless-stopped']);
const message = (status: number, text: string): FakeResponse => json(status, { message: text });

function apiNumber(v: string): number {
  const [major, minor] = v.split('.').map(Number);
  return (major ?? 0) * 1000 + (minor ?? 0);
}

/** `name` with Docker's implicit `:latest` when it has no tag or digest. */
function normalizeRef(name: string): string {
  if (name.includes('@')) return name;
  return name.lastIndexOf(':') > name.lastIndexOf('/') ? name : `${name}:latest`;
}

/**
 * An in-process Docker Engine on a unix socket in a temp dir: the real API paths (versioned
 * `/v1.47/...` and unversioned), request validation with the Engine's error messages, the
 * `{"message": ...}` error shape, containers with state, published ports from an ephemeral or
 * given range, label filters, image pulls streamed as JSON lines, and fault injection through
 * `server.faults` (`crashAfterCreateNext` drops the create answer after the container exists;
 * `failActionNext` makes the next start fail like an OCI runtime error) and `failNextPull`.
 *
 * Exec instances (`POST /containers/{id}/exec`, `POST /exec/{id}/start` with the multiplexed
 * output stream, `GET /exec/{id}/json`) run `cat` and the docker provisioner's recipe wrapper
 * over a small per-container file store that `PUT /containers/{id}/archive` fills; how a recipe
 * runs is the test's `recipeBehaviour`.
 */
export class FakeDockerEngine {
  /** The FakeHttpServer behind the socket: its `faults` and request `log`. */
  readonly server = new FakeHttpServer({
    rateLimitResponse: () => message(429, 'rate limited (injected)'),
  });
  /** Every image reference a pull was asked for, in order. */
  readonly pulls: string[] = [];
  readonly #containers = new Map<string, FakeContainer>();
  readonly #exec: FakeExecRuntime;
  readonly #images: Set<string>;
  readonly #registry: Set<string>;
  readonly #networks: Set<string>;
  readonly #pullFailures: string[] = [];
  readonly #options: FakeDockerOptions;
  readonly #maxApi: string;
  readonly #minApi: string;
  #front: DockerFront | undefined;
  #dir: string | undefined;
  #socketPath: string | undefined;
  #nextIp = 2;
  #nextEphemeral = 32768;

  constructor(options: FakeDockerOptions = {}) {
    this.#options = options;
    this.#images = new Set((options.images ?? []).map(normalizeRef));
    this.#registry = new Set((options.registry ?? [DEFAULT_SSH_IMAGE]).map(normalizeRef));
    this.#networks = new Set(['bridge', 'host', 'none', ...(options.networks ?? [])]);
    this.#maxApi = options.apiVersion ?? '1.47';
    this.#minApi = options.minApiVersion ?? '1.24';
    this.#exec = new FakeExecRuntime((ref) => this.#resolve(ref), options.recipe);
    this.#routes();
  }

  /** Starts listening; resolves the socket path to give the provisioner. */
  async start(): Promise<string> {
    this.#dir = await mkdtemp(join(tmpdir(), 'dc-docker-'));
    const inner = await this.server.listen(join(this.#dir, 'engine.sock'));
    this.#front = new DockerFront(inner, {
      pull: (q) => this.#pull(q),
      execStart: (id, body, path) => this.#execStart(id, body, path),
      putArchive: (ref, query, archive, path) => {
        const c = this.#resolve(ref);
        const answer =
          c === undefined
            ? { status: 404, body: { message: `No such container: ${ref}` } }
            : extractArchive(c, this.#exec.files(c.Id), query, archive);
        this.server.log.push({ method: 'PUT', path, status: answer.status });
        return answer;
      },
    });
    this.#socketPath = await this.#front.listen(join(this.#dir, 'docker.sock'));
    return this.#socketPath;
  }

  /** The socket path (after `start`). */
  get socketPath(): string {
    if (this.#socketPath === undefined) throw new Error('FakeDockerEngine not started');
    return this.#socketPath;
  }

  /** A temp dir path nothing listens on, for a misconfigured provisioner. */
  get missingSocketPath(): string {
    return join(this.#dir ?? tmpdir(), 'no-docker-here.sock');
  }

  async close(): Promise<void> {
    this.#exec.close();
    await this.#front?.close();
    await this.server.close();
    if (this.#dir !== undefined) await rm(this.#dir, { recursive: true, force: true });
  }

  /** Every container, for assertions. */
  containers(): FakeContainer[] {
    return [...this.#containers.values()];
  }

  /** How recipes run in this fake: from the script text to exit code, output, duration. */
  get recipeBehaviour(): FakeRecipeBehaviour {
    return this.#exec.behaviour;
  }

  set recipeBehaviour(behaviour: FakeRecipeBehaviour) {
    this.#exec.behaviour = behaviour;
  }

  /** Exec instances of a container (id or name), or of all, in creation order. */
  execs(ref?: string): FakeExec[] {
    if (ref === undefined) return this.#exec.execs();
    const c = this.#resolve(ref);
    return c === undefined ? [] : this.#exec.execs(c.Id);
  }

  /** How many times a recipe ran in a container (id or name). */
  recipeRuns(ref: string): number {
    const c = this.#resolve(ref);
    return c === undefined ? 0 : this.#exec.recipeRuns(c.Id);
  }

  /** A file in a container, as put in through the archive endpoint or written by an exec. */
  readFile(ref: string, path: string): FakeFile | undefined {
    const c = this.#resolve(ref);
    return c === undefined ? undefined : this.#exec.files(c.Id).read(path);
  }

  /** Image references present on the host. */
  images(): string[] {
    return [...this.#images];
  }

  /** Removes an image from the host (so the next provision pulls it). */
  removeImage(ref: string): void {
    this.#images.delete(normalizeRef(ref));
  }

  /** Makes the next pull stream end with an error line carrying `error`. */
  failNextPull(
    error = 'failed to register layer: write /var/lib/docker/overlay2: no space left on device',
  ): void {
    this.#pullFailures.push(error);
  }

  /** Adds a running container by hand, e.g. one that is not ours (no labels). */
  addContainer(
    options: {
      name?: string;
      labels?: Record<string, string>;
      running?: boolean;
      image?: string;
    } = {},
  ): FakeContainer {
    const c = this.#newContainer(
      options.name ?? `foreign-${randomBytes(4).toString('hex')}`,
      options.image ?? 'nginx:latest',
      {
        Labels: options.labels ?? {},
      },
    );
    if (options.running ?? true) this.#start(c);
    return c;
  }

  /** Stops a container behind the provisioner's back (as `docker stop` would). */
  stopOutOfBand(ref: string): void {
    const c = this.#resolve(ref);
    if (c === undefined) throw new Error(`no container ${ref}`);
    this.#stop(c, 0);
  }

  /** The conformance target of the docker provisioner against this fake. */
  conformanceTarget(options: DockerTargetOptions = {}): Promise<ConformanceTarget> {
    return dockerConformanceTarget(this, options);
  }

  // --- routes ---

  #routes(): void {
    this.#route('GET', '/version', () =>
      json(200, {
        Platform: { Name: 'Docker Engine - Community' },
        Version: '27.3.1',
        ApiVersion: this.#maxApi,
        MinAPIVersion: this.#minApi,
        GitCommit: 'fake',
        GoVersion: 'go1.22.7',
        Os: 'linux',
        Arch: 'amd64',
        KernelVersion: '6.8.0',
      }),
    );
    // Image names hold slashes (`lscr.io/linuxserver/openssh-server`), sent unescaped as the
    // Docker CLI does: one route per number of path segments.
    for (let segments = 1; segments <= 5; segments++) {
      // Route params are letters only.
      const names = Array.from({ length: segments }, (_, i) => `part${'abcde'[i]}`);
      this.#route('GET', `/images/${names.map((n) => `:${n}`).join('/')}/json`, (req) => {
        const name = names.map((n) => req.params[n] ?? '').join('/');
        const ref = normalizeRef(name);
        if (!this.#images.has(ref)) return message(404, `No such image: ${name}`);
        return json(200, {
          Id: `sha256:${ref.length.toString(16).padStart(64, 'a')}`,
          RepoTags: [ref],
          Os: 'linux',
          Architecture: 'amd64',
          Size: 31_000_000,
        });
      });
    }
    this.#route('GET', '/networks/:id', (req) => {
      const id = req.params['id'] ?? '';
      if (!this.#networks.has(id)) return message(404, `network ${id} not found`);
      return json(200, {
        Name: id,
        Id: randomBytes(32).toString('hex'),
        Driver: id === 'host' || id === 'none' ? id : 'bridge',
        Scope: 'local',
      });
    });
    this.#route('GET', '/containers/json', (req) => this.#list(req));
    this.#route('POST', '/containers/create', (req) => this.#create(req), true);
    this.#route('GET', '/containers/:id/json', (req) => {
      const c = this.#resolve(req.params['id'] ?? '');
      return c === undefined
        ? message(404, `No such container: ${req.params['id']}`)
        : json(200, inspectOf(c));
    });
    this.#route('POST', '/containers/:id/start', (req) => this.#startRoute(req));
    this.#route('POST', '/containers/:id/exec', (req) =>
      this.#exec.create(req.params['id'] ?? '', req.body),
    );
    this.#route('GET', '/exec/:id/json', (req) => this.#exec.inspect(req.params['id'] ?? ''));
    this.#route('POST', '/containers/:id/stop', (req) => {
      const c = this.#resolve(req.params['id'] ?? '');
      if (c === undefined) return message(404, `No such container: ${req.params['id']}`);
      if (!c.State.Running) return { status: 304 };
      this.#stop(c, 0);
      return { status: 204 };
    });
    this.#route('DELETE', '/containers/:id', (req) => {
      const c = this.#resolve(req.params['id'] ?? '');
      if (c === undefined) return message(404, `No such container: ${req.params['id']}`);
      const force = ['1', 'true'].includes(req.query.get('force') ?? '');
      if (c.State.Running && !force) {
        return message(
          409,
          `cannot remove container "/${c.Name}": container is running: stop the container before removing or force remove`,
        );
      }
      this.#containers.delete(c.Id);
      return { status: 204 };
    });
  }

  /** Registers `path` unversioned and under `/v1.xx`, checking the version like the Engine. */
  #route(method: string, path: string, handler: FakeHandler, creates = false): void {
    this.server.route(method, path, handler, { creates });
    this.server.route(
      method,
      `/:apiVersion${path}`,
      (req) => {
        const v = req.params['apiVersion'] ?? '';
        if (!/^v1\.\d+$/.test(v)) return message(404, 'page not found');
        const asked = v.slice(1);
        if (apiNumber(asked) > apiNumber(this.#maxApi)) {
          return message(
            400,
            `client version ${asked} is too new. Maximum supported API version is ${this.#maxApi}`,
          );
        }
        if (apiNumber(asked) < apiNumber(this.#minApi)) {
          return message(
            400,
            `client version ${asked} is too old. Minimum supported API version is ${this.#minApi}, please upgrade your client to a newer version`,
          );
        }
        return handler(req);
      },
      { creates },
    );
  }

  #resolve(ref: string): FakeContainer | undefined {
    const byId = this.#containers.get(ref);
    if (byId !== undefined) return byId;
    const name = ref.replace(/^\//, '');
    const all = [...this.#containers.values()];
    const byName = all.find((c) => c.Name === name);
    if (byName !== undefined) return byName;
    const byPrefix = all.filter((c) => c.Id.startsWith(ref));
    return byPrefix.length === 1 ? byPrefix[0] : undefined;
  }

  #list(req: FakeRequest): FakeResponse {
    const all = ['1', 'true'].includes(req.query.get('all') ?? '');
    let labels: string[] = [];
    let names: string[] = [];
    const raw = req.query.get('filters');
    if (raw !== null && raw !== '') {
      let filters: Record<string, unknown>;
      try {
        filters = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return message(400, `invalid filter: ${raw}`);
      }
      for (const [key, value] of Object.entries(filters)) {
        // Filter values come as a list (`["a=b"]`) or, from old clients, a map (`{"a=b": true}`).
        const values = Array.isArray(value) ? value.map(String) : Object.keys(value as object);
        if (key === 'label') labels = values;
        else if (key === 'name') names = values;
        else return message(400, `invalid filter '${key}'`);
      }
    }
    const list = this.containers()
      .filter((c) => all || c.State.Running)
      .filter((c) => matchesLabels(c, labels))
      .filter((c) => names.every((n) => c.Name.includes(n.replace(/^\//, ''))));
    return json(200, list.map(summaryOf));
  }

  #create(req: FakeRequest): FakeResponse {
    const name = (req.query.get('name') ?? `fake_${randomBytes(4).toString('hex')}`).replace(
      /^\//,
      '',
    );
    if (!NAME.test(name))
      return message(
        400,
        `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
      );
    const body = req.body as Record<string, unknown> | undefined;
    if (body === undefined || body === null || typeof body !== 'object')
      return message(400, 'config cannot be empty in order to create a container');
    const image = body['Image'];
    if (typeof image !== 'string' || image === '') return message(400, 'No command specified');
    if (!this.#images.has(normalizeRef(image))) return message(404, `No such image: ${image}`);
    const env = body['Env'] ?? [];
    if (!Array.isArray(env) || env.some((e) => typeof e !== 'string')) {
      return message(
        400,
        'json: cannot unmarshal into Go struct field Config.Env of type []string',
      );
    }
    const labels = (body['Labels'] ?? {}) as Record<string, unknown>;
    if (typeof labels !== 'object' || Object.values(labels).some((v) => typeof v !== 'string')) {
      return message(
        400,
        'json: cannot unmarshal into Go struct field Config.Labels of type string',
      );
    }
    const host = (body['HostConfig'] ?? {}) as Record<string, unknown>;
    const invalid = this.#checkHostConfig(host);
    if (invalid !== undefined) return invalid;
    const existing = this.#resolve(name);
    if (existing !== undefined && existing.Name === name) {
      return message(
        409,
        `Conflict. The container name "/${name}" is already in use by container "${existing.Id}". You have to remove (or rename) that container to be able to reuse that name.`,
      );
    }
    const c = this.#newContainer(name, image, {
      Env: env as string[],
      Labels: labels as Record<string, string>,
      ExposedPorts: (body['ExposedPorts'] ?? {}) as Record<string, object>,
      HostConfig: host,
    });
    return json(201, { Id: c.Id, Warnings: [] });
  }

  #checkHostConfig(host: Record<string, unknown>): FakeResponse | undefined {
    const cpus = this.#options.cpus ?? 8;
    const nano = Number(host['NanoCpus'] ?? 0);
    if (nano !== 0 && (nano < 1e7 || nano > cpus * 1e9)) {
      return message(
        400,
        `Range of CPUs is from 0.01 to ${cpus}.00, as there are only ${cpus} CPUs available`,
      );
    }
    const memory = Number(host['Memory'] ?? 0);
    if (memory !== 0 && memory < 6 * 1024 * 1024)
      return message(400, 'Minimum memory limit allowed is 6MB');
    const swap = Number(host['MemorySwap'] ?? 0);
    if (swap > 0 && swap < memory)
      return message(400, 'Minimum memoryswap limit should be larger than memory limit, see usage');
    const restart = (host['RestartPolicy'] as { Name?: string } | undefined)?.Name ?? '';
    if (!RESTART_POLICIES.has(restart)) {
      return message(
        400,
        `invalid restart policy: unknown policy '${restart}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`,
      );
    }
    for (const [key, bindings] of Object.entries(
      (host['PortBindings'] ?? {}) as Record<string, FakePortBinding[]>,
    )) {
      if (!/^\d+\/(tcp|udp|sctp)$/.test(key))
        return message(400, `invalid port specification: "${key}"`);
      for (const b of bindings ?? []) {
        if (!/^(\d+(-\d+)?)?$/.test(b.HostPort ?? ''))
          return message(400, `invalid port specification: "${b.HostPort}"`);
      }
    }
    const network = (host['NetworkMode'] as string | undefined) ?? 'default';
    if (network !== 'default' && !this.#networks.has(network))
      return message(404, `network ${network} not found`);
    if (host['StorageOpt'] !== undefined) {
      return message(
        400,
        "--storage-opt is supported only for overlay over xfs with 'pquota' mount option",
      );
    }
    return undefined;
  }

  #newContainer(
    name: string,
    image: string,
    parts: {
      Env?: string[];
      Labels: Record<string, string>;
      ExposedPorts?: Record<string, object>;
      HostConfig?: Record<string, unknown>;
    },
  ): FakeContainer {
    const host = parts.HostConfig ?? {};
    const c: FakeContainer = {
      Id: newContainerId(),
      Name: name,
      Image: image,
      Created: new Date().toISOString(),
      Labels: { ...parts.Labels },
      Env: [...(parts.Env ?? [])],
      ExposedPorts: { ...(parts.ExposedPorts ?? {}) },
      HostConfig: {
        NanoCpus: Number(host['NanoCpus'] ?? 0),
        Memory: Number(host['Memory'] ?? 0),
        MemorySwap: Number(host['MemorySwap'] ?? 0),
        PortBindings: structuredClone(
          (host['PortBindings'] ?? {}) as Record<string, FakePortBinding[]>,
        ),
        RestartPolicy: {
          Name: 'no',
          MaximumRetryCount: 0,
          ...((host['RestartPolicy'] as object | undefined) ?? {}),
        },
        NetworkMode: (host['NetworkMode'] as string | undefined) ?? 'default',
      },
      State: {
        Status: 'created',
        Running: false,
        Paused: false,
        Restarting: false,
        OOMKilled: false,
        Dead: false,
        Pid: 0,
        ExitCode: 0,
        Error: '',
        StartedAt: ZERO_TIME,
        FinishedAt: ZERO_TIME,
      },
      Ports: {},
      IPAddress: `172.17.0.${this.#nextIp++}`,
    };
    this.#containers.set(c.Id, c);
    return c;
  }

  #startRoute(req: FakeRequest): FakeResponse {
    const c = this.#resolve(req.params['id'] ?? '');
    if (c === undefined) return message(404, `No such container: ${req.params['id']}`);
    if (c.State.Running) return { status: 304 };
    if (this.server.takeActionFailure()) {
      const error =
        'failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/init": injected failure: unknown';
      c.State = {
        ...c.State,
        Status: 'exited',
        ExitCode: 128,
        Error: error,
        FinishedAt: new Date().toISOString(),
      };
      return message(500, error);
    }
    const failure = this.#start(c);
    return failure ?? { status: 204 };
  }

  /** Publishes the container's ports and marks it running; a port clash answers 500. */
  #start(c: FakeContainer): FakeResponse | undefined {
    const used = new Set(
      this.containers()
        .filter((o) => o.State.Running)
        .flatMap((o) => Object.values(o.Ports).flatMap((bs) => bs.map((b) => Number(b.HostPort)))),
    );
    const published: Record<string, FakePortBinding[]> = {};
    for (const [key, bindings] of Object.entries(c.HostConfig.PortBindings)) {
      published[key] = [];
      for (const b of bindings) {
        const endpoint = `driver failed programming external connectivity on endpoint ${c.Name} (${c.Id})`;
        let port: number | undefined;
        const spec = b.HostPort ?? '';
        if (spec === '') {
          while (used.has(this.#nextEphemeral)) this.#nextEphemeral++;
          port = this.#nextEphemeral++;
        } else if (spec.includes('-')) {
          const [from, to] = spec.split('-').map(Number) as [number, number];
          for (let p = from; p <= to && port === undefined; p++) if (!used.has(p)) port = p;
          if (port === undefined) return message(500, `${endpoint}: all ports are allocated`);
        } else {
          port = Number(spec);
          if (used.has(port))
            return message(
              500,
              `${endpoint}: Bind for ${b.HostIp || '0.0.0.0'}:${port} failed: port is already allocated`,
            );
        }
        used.add(port);
        // Bound to all addresses, the Engine lists the IPv4 and the IPv6 binding.
        if (b.HostIp) published[key].push({ HostIp: b.HostIp, HostPort: String(port) });
        else
          published[key].push(
            { HostIp: '0.0.0.0', HostPort: String(port) },
            { HostIp: '::', HostPort: String(port) },
          );
      }
    }
    c.Ports = published;
    c.State = {
      ...c.State,
      Status: 'running',
      Running: true,
      Pid: 1000 + Math.floor(Math.random() * 30000),
      ExitCode: 0,
      Error: '',
      StartedAt: new Date().toISOString(),
    };
    return undefined;
  }

  #stop(c: FakeContainer, exitCode: number): void {
    c.Ports = {};
    c.State = {
      ...c.State,
      Status: 'exited',
      Running: false,
      Pid: 0,
      ExitCode: exitCode,
      FinishedAt: new Date().toISOString(),
    };
  }

  #execStart(id: string, body: unknown, path: string): FakeExecStartAnswer {
    const answer = this.#exec.start(id, body);
    this.server.log.push({
      method: 'POST',
      path,
      status: answer.kind === 'error' ? answer.status : 200,
    });
    return answer;
  }

  #pull(query: URLSearchParams): FakePullAnswer {
    const fromImage = query.get('fromImage') ?? '';
    if (fromImage === '')
      return { status: 400, body: { message: 'fromImage or fromSrc is required' } };
    const tag = query.get('tag') ?? '';
    const ref = normalizeRef(
      fromImage.includes('@') || tag === '' ? fromImage : `${fromImage}:${tag}`,
    );
    this.pulls.push(ref);
    if (!this.#registry.has(ref)) {
      return {
        status: 404,
        body: {
          message: `pull access denied for ${fromImage}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
        },
      };
    }
    const layers = [randomBytes(6).toString('hex'), randomBytes(6).toString('hex')];
    const lines: object[] = [
      { status: `Pulling from ${fromImage.replace(/^[^/]+\.[^/]+\//, '')}`, id: tag || 'latest' },
    ];
    for (const id of layers) lines.push({ status: 'Pulling fs layer', progressDetail: {}, id });
    for (const id of layers) {
      const total = 3_000_000;
      for (const current of [1_000_000, 2_000_000, total]) {
        const done = Math.round((current / total) * 50);
        lines.push({
          status: 'Downloading',
          progressDetail: { current, total },
          progress: `[${'='.repeat(done - 1)}>${' '.repeat(50 - done)}] ${current / 1e6}MB/3MB`,
          id,
        });
      }
      lines.push(
        { status: 'Verifying Checksum', progressDetail: {}, id },
        { status: 'Download complete', progressDetail: {}, id },
      );
    }
    const failure = this.#pullFailures.shift();
    if (failure !== undefined) {
      lines.push({ errorDetail: { message: failure }, error: failure });
      return { status: 200, lines, lineDelayMs: this.#options.pullLineDelayMs ?? 1 };
    }
    for (const id of layers) {
      lines.push(
        { status: 'Extracting', progressDetail: { current: 3_000_000, total: 3_000_000 }, id },
        { status: 'Pull complete', progressDetail: {}, id },
      );
    }
    lines.push(
      { status: `Digest: sha256:${randomBytes(32).toString('hex')}` },
      { status: `Status: Downloaded newer image for ${ref}` },
    );
    this.#images.add(ref);
    return { status: 200, lines, lineDelayMs: this.#options.pullLineDelayMs ?? 1 };
  }
}
