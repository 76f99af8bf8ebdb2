import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Statuses whose response has no body (the `Response` constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** One HTTP exchange on node:http(s), the answer buffered. */
export interface NodeExchange {
  readonly status: number;
  readonly statusText: string;
  /** Name, value, name, value… as received. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

/** What {@link NodeTransport.send} sends. */
export interface NodeRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: Buffer | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The keep-alive connections of one agent and a way to use them without the `fetch` API:
 * `send` is what the agent's own API calls use (no `Request`, `Response` or web streams),
 * `fetch` the same exchange for code that wants a `fetch`.
 */
export interface NodeTransport {
  send(request: NodeRequest): Promise<NodeExchange>;
  readonly fetch: typeof fetch;
}

const transports = new WeakMap<typeof fetch, NodeTransport>();

/** The transport behind a `fetch` made by {@link createNodeFetch}, if it is one. */
export function nodeTransportOf(fetchFn: typeof fetch | undefined): NodeTransport | undefined {
  return fetchFn === undefined ? undefined : transports.get(fetchFn);
}

/**
 * A `fetch` for the agent's API client on `node:http(s)` with keep-alive connections. The
 * daemon makes a few API calls per job all day long; Node's built-in fetch (undici) spends
 * about as much CPU again as the HTTP exchange itself on its streams and request machinery.
 * It does what the client needs and no more: a request with a small buffered body, the whole
 * answer buffered, the caller's `AbortSignal`, and the built-in fetch's error shape
 * (`TypeError('fetch failed')` with the system error as `cause`). {@link nodeTransportOf}
 * gives its `send`, for calls that need no `fetch` objects at all.
 */
export function createNodeFetch(): typeof fetch {
  // Sockets are reused across calls; the long-poll holds one while it waits.
  const agents = {
    'http:': new HttpAgent({ keepAlive: true }),
    'https:': new HttpsAgent({ keepAlive: true }),
  };
  const send = ({ url, method, headers, body, signal }: NodeRequest): Promise<NodeExchange> => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(new TypeError(`fetch failed: unsupported protocol ${url.protocol}`));
    }
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (body !== undefined) headers['content-length'] = String(body.length);
    return new Promise<NodeExchange>((resolve, reject) => {
      let answered = false;
      const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const outgoing = request(
        url,
        { method, headers, agent: agents[url.protocol as 'http:' | 'https:'] },
        (incoming) => {
          answered = true;
          collect(incoming).then((buffer) => {
            signal?.removeEventListener('abort', onAbort);
            resolve({
              status: incoming.statusCode ?? 0,
              statusText: incoming.statusMessage ?? '',
              rawHeaders: incoming.rawHeaders,
              body: buffer,
            });
          }, fail);
        },
      );
      const fail = (error: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        reject(
          signal?.aborted ? abortReason(signal) : new TypeError('fetch failed', { cause: error }),
        );
      };
      const onAbort = () => outgoing.destroy();
      signal?.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', fail);
      // Closed before any answer and without an error event (a destroyed request): fail.
      outgoing.on('close', () => {
        if (!answered) fail(new Error('the connection closed without an answer'));
      });
      outgoing.end(body);
    });
  };
  const fetchFn: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    for (const [name, value] of request.headers) headers[name] = value;
    const answer = await send({
      url: new URL(request.url),
      method: request.method,
      headers,
      body,
      signal: request.signal,
    });
    return toResponse(answer);
  };
  transports.set(fetchFn, { send, fetch: fetchFn });
  return fetchFn;
}

function collect(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)),
    );
    incoming.on('error', reject);
    incoming.on('aborted', () => reject(new Error('the connection closed mid-answer')));
  });
}

function toResponse(answer: NodeExchange): Response {
  const headers = new Headers();
  const raw = answer.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2)
    headers.append(raw[i] as string, raw[i + 1] as string);
  const { status } = answer;
  return new Response(NULL_BODY.has(status) ? null : answer.body, {
    status,
    statusText: answer.statusText,
    headers,
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
