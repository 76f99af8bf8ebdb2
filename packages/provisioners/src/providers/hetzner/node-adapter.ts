import { type Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** The parts of an axios request config the adapter reads (after axios merged and transformed it). */
interface AdapterConfig {
  readonly baseURL?: string;
  readonly url?: string;
  readonly method?: string;
  readonly params?: Record<string, unknown>;
  readonly headers?: { toJSON?: () => Record<string, unknown> } & Record<string, unknown>;
  readonly data?: unknown;
  readonly timeout?: number;
  readonly signal?: AbortSignal;
  readonly [key: string]: unknown;
}

/** What an axios adapter resolves with; axios then parses `data` as JSON. */
interface AdapterResponse {
  data: string;
  status: number;
  statusText: string;
  headers: IncomingMessage['headers'];
  config: AdapterConfig;
  request: unknown;
}

/**
 * An axios adapter on `node:http(s)` for hcloud-js's axios instance: the request axios built
 * (URL, params as `id=1&id=2`, headers, JSON body) sent on the adapter's keep-alive agents, the
 * whole answer buffered. Axios' own http adapter does much more per request than a JSON API
 * needs (redirect and proxy handling, decompression streams, progress events, form data); with
 * this one hcloud-js, its models and axios' interceptors and transforms work as before at about
 * half the CPU per call. TLS is Node's default (certificates verified); headers (the token) are
 * never logged here. Errors have axios' codes: `ECONNABORTED` for a timeout, `ERR_CANCELED`
 * for an abort, the system error's (`ECONNREFUSED`…) otherwise.
 */
export function createNodeAdapter(agents: {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
}) {
  return (config: AdapterConfig): Promise<AdapterResponse> =>
    new Promise<AdapterResponse>((resolve, reject) => {
      const url = new URL(urlOf(config));
      const headers: Record<string, string> = {};
      const raw = typeof config.headers?.toJSON === 'function' ? config.headers.toJSON() : {};
      for (const [name, value] of Object.entries(raw)) {
        if (value !== undefined && value !== null && value !== false) headers[name] = String(value);
      }
      const body =
        config.data === undefined || config.data === null
          ? undefined
          : Buffer.from(
              typeof config.data === 'string' ? config.data : JSON.stringify(config.data),
            );
      if (body !== undefined) headers['Content-Length'] = String(body.length);
      const { signal } = config;
      if (signal?.aborted) {
        reject(axiosError('canceled', 'ERR_CANCELED'));
        return;
      }
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        cleanup();
        reject(error);
      };
      const https = url.protocol === 'https:';
      const outgoing = (https ? httpsRequest : httpRequest)(
        url,
        {
          method: (config.method ?? 'get').toUpperCase(),
          headers,
          agent: https ? agents.https : agents.http,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', fail);
          incoming.on('aborted', () =>
            fail(axiosError('the connection closed mid-answer', 'ECONNRESET')),
          );
          incoming.on('end', () => {
            if (settled) return;
            settled = true;
            cleanup();
            resolve({
              data: (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString(
                'utf8',
              ),
              status: incoming.statusCode ?? 0,
              statusText: incoming.statusMessage ?? '',
              headers: incoming.headers,
              config,
              request: outgoing,
            });
          });
        },
      );
      const onAbort = () => {
        fail(axiosError('canceled', 'ERR_CANCELED'));
        outgoing.destroy();
      };
      const timer =
        config.timeout !== undefined && config.timeout > 0
          ? setTimeout(() => {
              fail(axiosError(`timeout of ${config.timeout}ms exceeded`, 'ECONNABORTED'));
              outgoing.destroy();
            }, config.timeout)
          : undefined;
      const cleanup = () => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', fail);
      outgoing.on('close', () =>
        fail(axiosError('the connection closed without an answer', 'ECONNRESET')),
      );
      outgoing.end(body);
    });
}

/** `baseURL` + `url` + `params` as axios joins them (arrays repeated: `id=1&id=2`). */
function urlOf(config: AdapterConfig): string {
  const path = config.url ?? '';
  const base =
    /^https?:\/\//i.test(path) || config.baseURL === undefined
      ? path
      : `${config.baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(config.params ?? {})) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, String(item));
  }
  const search = query.toString();
  return search === '' ? base : `${base}${base.includes('?') ? '&' : '?'}${search}`;
}

function axiosError(message: string, code: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}
