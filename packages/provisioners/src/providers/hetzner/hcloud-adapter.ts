/// <reference path="./hcloud-js.d.ts" />
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import hcloud, { type HCloud } from 'hcloud-js';
import { ProvisionerError } from '../../errors';
import { createHttpClient, type HttpClient, type HttpRequest } from '../../http/client';
import { collectPages } from '../../http/paginate';
import { redact } from '../../http/redact';
import { abortError, type RetryPolicy, withRetry } from '../../http/retry';
import { type Logger, silentLogger } from '../../logger';
import type {
  HAction,
  HCallOptions,
  HetznerApi,
  HImage,
  HServer,
  HServerType,
  HSshKey,
} from './api';
import { classifyHetznerError, hetznerResponseError, hetznerRetryAfterMs } from './errors';
import { createNodeAdapter } from './node-adapter';
import type {
  WireAction,
  WireCreateServerRequest,
  WireCreateServerResponse,
  WireCreateSshKeyRequest,
  WireImage,
  WireMeta,
  WireServer,
  WireServerType,
  WireSshKey,
} from './wire';

/** Settings of {@link createHcloudAdapter}. */
export interface HcloudAdapterOptions {
  /** API base, e.g. `https://api.hetzner.cloud/v1`. */
  readonly baseUrl: string;
  /** Never logged. */
  readonly token: string;
  readonly timeoutMs: number;
  readonly logger: Logger;
  readonly retry?: RetryPolicy | undefined;
  /**
   * When given, the calls hcloud-js cannot make (servers, SSH-key upload, server types, images
   * by id) go through the shared HTTP client (`createHttpClient`) on this fetch instead of
   * hcloud-js's axios instance (tests, proxies); hcloud-js's own calls always use axios.
   */
  readonly fetch?: typeof fetch | undefined;
}

// Hetzner's largest page; fewer round trips for long lists.
const PER_PAGE = 50;
const USER_AGENT = 'decent-cloud-provisioners';

/**
 * The {@link HetznerApi} on `hcloud-js`, with a few calls made directly where hcloud-js cannot
 * do what is needed (each says why below). Those direct calls go through hcloud-js's own axios
 * instance too (one connection pool, one error path, no second HTTP stack per request), with the
 * shared retry rules; only when the caller passes a custom `fetch` do they go through the
 * package's shared HTTP client on that fetch instead.
 *
 * hcloud-js is driven through its public surface: its axios instance gets
 * `validateStatus: () => true` so its own error interceptor (which keeps only
 * `error.code/message` and drops the status and the `RateLimit-Reset` header) never sees an
 * HTTP error; an interceptor of ours turns every 4xx/5xx into a `ProvisionerError` with the
 * Hetzner code mapped and the reset time kept, and `withRetry` honours it.
 */
export function createHcloudAdapter(options: HcloudAdapterOptions): HetznerApi {
  const { logger } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const client = new hcloud.Client({
    token: options.token,
    baseURL: `${baseUrl}/`,
    timeout: options.timeoutMs,
  });
  client.axios.defaults.validateStatus = () => true;
  // The API does not redirect; without redirects axios uses Node's http directly instead of the
  // follow-redirects wrapper (less CPU per call).
  client.axios.defaults.maxRedirects = 0;
  // Arrays as `id=1&id=2` (Hetzner's form), not axios' default `id[]=1&id[]=2`.
  client.axios.defaults.paramsSerializer = { indexes: null };
  // Keep-alive agents of this adapter. axios sets TCP keep-alive to 60 s on the socket of every
  // request; an agent with the same delay makes that a no-op instead of two setsockopt calls per
  // request (Node's default agent re-arms it to 1 s whenever a socket goes back to the pool).
  const agentOptions = { keepAlive: true, keepAliveMsecs: 60_000 };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  client.axios.defaults.httpAgent = agents.http;
  client.axios.defaults.httpsAgent = agents.https;
  // Requests go out through a lean node:http adapter on those agents instead of axios' own
  // (see createNodeAdapter): same requests and answers, about half the CPU per call.
  client.axios.defaults.adapter = createNodeAdapter(agents);
  // Redacting a body costs CPU on every call; skip it when nothing would be written.
  const logging = logger !== silentLogger && (logger.isLevelEnabled?.('debug') ?? true);
  client.axios.interceptors.response.use(
    (response) => {
      if (logging)
        logger.debug(
          {
            request: describe(response.config),
            status: response.status,
            body: redact(response.data),
          },
          'hetzner',
        );
      if (response.status < 400) return response;
      throw hetznerResponseError(
        describe(response.config),
        response.status,
        response.data,
        hetznerRetryAfterMs(response.status, headersOf(response.headers)),
      );
    },
    (error: unknown) => {
      if (error instanceof ProvisionerError) throw error;
      const code = (error as { code?: unknown }).code;
      // Cancelled through the caller's signal: the caller turns it into `aborted`.
      if (code === 'ERR_CANCELED') throw error;
      const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
      logger.warn(
        { error: error instanceof Error ? error.message : String(error) },
        'hetzner request failed',
      );
      throw new ProvisionerError(
        timedOut ? 'timeout' : 'network_error',
        `Hetzner API: ${timedOut ? 'timed out' : 'network error'}`,
        {
          cause: error,
          retryable: true,
        },
      );
    },
  );

  const http: HttpClient =
    options.fetch === undefined
      ? viaAxios()
      : createHttpClient({
          baseUrl,
          headers: { authorization: `Bearer ${options.token}`, 'user-agent': USER_AGENT },
          timeoutMs: options.timeoutMs,
          logger,
          classify: classifyHetznerError,
          fetch: options.fetch,
          ...(options.retry ? { retry: options.retry } : {}),
        });

  /** Runs one hcloud-js call with the shared retry rules (a create is re-sent only after a 429). */
  function call<T>(
    fn: () => Promise<T>,
    idempotent: boolean,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    return withRetry(
      async () => {
        if (signal?.aborted) throw abortError(signal);
        try {
          return await fn();
        } catch (error) {
          if (error instanceof ProvisionerError) throw error;
          // hcloud-js throws TypeErrors when a body lacks a field it expects.
          throw new ProvisionerError(
            'upstream_error',
            `Hetzner API: unexpected response (${error instanceof Error ? error.message : String(error)})`,
            {
              cause: error,
            },
          );
        }
      },
      options.retry,
      signal,
      (error) => idempotent || error.code === 'rate_limited',
    );
  }

  /** The shared client's interface on hcloud-js's axios instance, with the same retry rules. */
  function viaAxios(): HttpClient {
    const send = <T>(req: HttpRequest): Promise<T> =>
      call(
        async () => {
          try {
            const response = await client.axios.request({
              method: req.method,
              url: req.path,
              params: req.query,
              data: req.json,
              signal: req.signal,
            });
            return response.data as T;
          } catch (error) {
            if (req.signal?.aborted) throw abortError(req.signal);
            throw error;
          }
        },
        // A POST that may have created something is re-sent only after a 429.
        req.idempotent ?? req.method !== 'POST',
        req.signal,
      );
    return { request: send, requestOrNull: (req) => orNull(send(req)) };
  }

  const orNull = async <T>(promise: Promise<T>): Promise<T | null> => {
    try {
      return await promise;
    } catch (error) {
      if (error instanceof ProvisionerError && error.code === 'not_found') return null;
      throw error;
    }
  };

  return {
    // Servers are read with the shared client, not hcloud-js: hcloud-js's Server model throws
    // on a server without a primary IPv4 (`public_net.ipv4: null`, e.g. an IPv6-only server),
    // so one such server would make every list fail.
    listServers(filter, o: HCallOptions = {}) {
      return collectPages(1, async (page) => {
        const body = await http.request<{ servers: WireServer[]; meta: WireMeta }>({
          method: 'GET',
          path: '/servers',
          query: {
            page,
            per_page: PER_PAGE,
            label_selector: filter.labelSelector,
            name: filter.name,
          },
          signal: o.signal,
        });
        return { items: body.servers.map(fromWireServer), next: body.meta.pagination.next_page };
      });
    },

    async getServer(id, o = {}) {
      const body = await http.requestOrNull<{ server: WireServer }>({
        method: 'GET',
        path: `/servers/${id}`,
        signal: o.signal,
      });
      return body === null ? null : fromWireServer(body.server);
    },

    // hcloud-js's ServerBuilder.create() drops the response's `root_password` (it reads it from
    // the server object, where the API never puts it), which is the only way to learn the
    // password of a server made without SSH keys.
    async createServer(request, o = {}) {
      const body: WireCreateServerRequest = {
        name: request.name,
        server_type: request.serverType,
        image: request.image,
        location: request.location,
        start_after_create: true,
        ssh_keys: [...request.sshKeyIds],
        user_data: request.userData,
        labels: { ...request.labels },
      };
      const response = await http.request<WireCreateServerResponse>({
        method: 'POST',
        path: '/servers',
        json: body,
        signal: o.signal,
        idempotent: false,
      });
      return {
        server: fromWireServer(response.server),
        action: fromWireAction(response.action),
        nextActions: (response.next_actions ?? []).map(fromWireAction),
        rootPassword: response.root_password ?? null,
      };
    },

    async deleteServer(id, o = {}) {
      const action = await orNull(call(() => client.servers.delete(id), true, o.signal));
      return action === null ? null : fromAction(action);
    },

    async powerAction(id, action, o = {}) {
      // Powering on or off twice is harmless, so a timed-out attempt may be re-sent.
      const result = await call(
        () =>
          action === 'poweron'
            ? client.servers.actions.powerOn(id)
            : client.servers.actions.powerOff(id),
        true,
        o.signal,
      );
      return fromAction(result);
    },

    async resetPassword(id, o = {}) {
      // A second reset only replaces the first password, which nobody has seen yet.
      const result = await call(() => client.servers.actions.resetPassword(id), true, o.signal);
      return { action: fromAction(result.action), rootPassword: result.rootPassword };
    },

    async getAction(id, o = {}) {
      return fromAction(await call(() => client.actions.get(id), true, o.signal));
    },

    // One request for every action being waited for, as Hetzner's own clients poll.
    getActions(ids, o = {}) {
      if (ids.length === 0) return Promise.resolve([]);
      return collectPages(1, async (page) => {
        const list = await call(
          () => client.actions.list({ id: [...ids], page, perPage: PER_PAGE }),
          true,
          o.signal,
        );
        return { items: list.actions.map(fromAction), next: list.nextPage ?? null };
      });
    },

    // Through the raw path: hcloud-js's SSHKey model drops `labels`, which tell a key made for
    // the contract (deleted with its server) from one that was already in the project.
    listSshKeys(filter, o = {}) {
      return collectPages(1, async (page) => {
        const body = await http.request<{ ssh_keys: WireSshKey[]; meta: WireMeta }>({
          method: 'GET',
          path: '/ssh_keys',
          query: {
            page,
            per_page: PER_PAGE,
            fingerprint: filter.fingerprint,
            label_selector: filter.labelSelector,
            name: filter.name,
          },
          signal: o.signal,
        });
        return {
          items: body.ssh_keys.map(
            (k): HSshKey => ({
              id: k.id,
              name: k.name,
              fingerprint: k.fingerprint,
              labels: k.labels ?? {},
            }),
          ),
          next: body.meta.pagination.next_page,
        };
      });
    },

    // hcloud-js's sshKeys.create(name, publicKey) cannot send `labels`, and the labels are how
    // terminate and cleanup find the keys made for a contract.
    async createSshKey(request, o = {}) {
      const body: WireCreateSshKeyRequest = {
        name: request.name,
        public_key: request.publicKey,
        labels: { ...request.labels },
      };
      const response = await http.request<{ ssh_key: WireSshKey }>({
        method: 'POST',
        path: '/ssh_keys',
        json: body,
        signal: o.signal,
        idempotent: false,
      });
      return {
        id: response.ssh_key.id,
        name: response.ssh_key.name,
        fingerprint: response.ssh_key.fingerprint,
        labels: response.ssh_key.labels ?? {},
      };
    },

    async deleteSshKey(id, o = {}) {
      await orNull(call(() => client.sshKeys.delete(id), true, o.signal));
    },

    // hcloud-js's ServerType model drops `architecture` and `deprecation`, which the
    // server type x image architecture check needs.
    listServerTypes(o = {}) {
      return collectPages(1, async (page) => {
        const body = await http.request<{ server_types: WireServerType[]; meta: WireMeta }>({
          method: 'GET',
          path: '/server_types',
          query: { page, per_page: PER_PAGE },
          signal: o.signal,
        });
        return {
          items: body.server_types.map(fromWireServerType),
          next: body.meta.pagination.next_page,
        };
      });
    },

    findImages(filter, o = {}) {
      return collectPages(1, async (page) => {
        const list = await call(
          () =>
            client.images.list({
              page,
              perPage: PER_PAGE,
              name: filter.name,
              architecture: filter.architecture,
              status: 'available',
            }),
          true,
          o.signal,
        );
        // hcloud-js's Image model drops `architecture`; the API filtered by it.
        const items = list.images.map(
          (i): HImage => ({
            id: i.id,
            name: i.name,
            type: i.type,
            status: i.status,
            architecture: filter.architecture,
          }),
        );
        return { items, next: list.nextPage ?? null };
      });
    },

    // Through the shared client: hcloud-js's Image model drops `architecture`, and an image
    // named by id has no name to filter on.
    async getImage(id, o = {}) {
      const body = await http.requestOrNull<{ image: WireImage }>({
        method: 'GET',
        path: `/images/${id}`,
        signal: o.signal,
      });
      return body === null
        ? null
        : {
            id: body.image.id,
            name: body.image.name,
            type: body.image.type,
            status: body.image.status,
            architecture: body.image.architecture,
          };
    },

    listLocations(o = {}) {
      return collectPages(1, async (page) => {
        const list = await call(
          () => client.locations.list({ page, perPage: PER_PAGE }),
          true,
          o.signal,
        );
        return {
          items: list.locations.map((l) => ({ id: l.id, name: l.name })),
          next: list.nextPage ?? null,
        };
      });
    },
  };
}

function fromAction(action: HCloud.Action): HAction {
  return {
    id: action.id,
    command: action.command,
    status: action.status,
    error: action.error ?? null,
  };
}

function fromWireAction(action: WireAction): HAction {
  return { id: action.id, command: action.command, status: action.status, error: action.error };
}

/** A wire server to the adapter's view. */
export function fromWireServer(server: WireServer): HServer {
  return {
    id: server.id,
    name: server.name,
    status: server.status,
    created: server.created,
    labels: server.labels ?? {},
    ipv4: server.public_net?.ipv4?.ip ?? null,
    ipv6Network: server.public_net?.ipv6?.ip ?? null,
  };
}

function fromWireServerType(type: WireServerType): HServerType {
  return {
    id: type.id,
    name: type.name,
    cores: type.cores,
    memoryGb: type.memory,
    diskGb: type.disk,
    architecture: type.architecture,
    deprecated: type.deprecation != null || type.deprecated === true,
    monthlyNetByLocation: new Map(
      type.prices.map((p) => [p.location, Number(p.price_monthly.net)]),
    ),
  };
}

function headersOf(headers: HCloud.AxiosResponseLike['headers']): Headers {
  const plain = typeof headers.toJSON === 'function' ? headers.toJSON() : headers;
  const out = new Headers();
  for (const [k, v] of Object.entries(plain))
    if (typeof v === 'string' || typeof v === 'number') out.set(k, String(v));
  return out;
}

/** `GET /servers/42`, for logs and error messages. */
function describe(config: HCloud.AxiosRequestConfigLike): string {
  const path = (config.url ?? '').replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? '';
  return `${String(config.method ?? 'get').toUpperCase()} ${path.startsWith('/') ? path : `/${path}`}`;
}
