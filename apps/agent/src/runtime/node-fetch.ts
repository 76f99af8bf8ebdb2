import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Statuses whose response has no body (the `Response` constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A `fetch` for the agent's API client on `node:http(s)` with keep-alive connections. The
 * daemon makes a few API calls per job all day long; Node's built-in fetch (undici) spends
 * about as much CPU again as the HTTP exchange itself on its streams and request machinery.
 * It does what the client needs and no more: a request with a small buffered body, the whole
 * answer buffered, the caller's `AbortSignal`, and the built-in fetch's error shape
 * (`TypeError('fetch failed')` with the system error as `cause`).
 */
export function createNodeFetch(): typeof fetch {
  // Sockets are reused across calls; the long-poll holds one while it waits.
  const agents = {
    'http:': new HttpAgent({ keepAlive: true }),
    'https:': new HttpsAgent({ keepAlive: true }),
  };
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`fetch failed: unsupported protocol ${url.protocol}`);
    }
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    for (const [name, value] of request.headers) headers[name] = value;
    if (body !== undefined) headers['content-length'] = String(body.length);
    const { signal } = request;
    if (signal.aborted) throw abortReason(signal);
    return new Promise<Response>((resolve, reject) => {
      let answered = false;
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const outgoing = send(
        url,
        { method: request.method, headers, agent: agents[url.protocol as 'http:' | 'https:'] },
        (incoming) => {
          answered = true;
          collect(incoming).then((buffer) => {
            signal.removeEventListener('abort', onAbort);
            resolve(toResponse(incoming, buffer));
          }, fail);
        },
      );
      const fail = (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(
          signal.aborted ? abortReason(signal) : new TypeError('fetch failed', { cause: error }),
        );
      };
      const onAbort = () => outgoing.destroy();
      signal.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', fail);
      // Closed before any answer and without an error event (a destroyed request): fail.
      outgoing.on('close', () => {
        if (!answered) fail(new Error('the connection closed without an answer'));
      });
      outgoing.end(body);
    });
  };
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

function toResponse(incoming: IncomingMessage, buffer: Buffer): Response {
  const headers = new Headers();
  const raw = incoming.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2)
    headers.append(raw[i] as string, raw[i + 1] as string);
  const status = incoming.statusCode ?? 0;
  return new Response(NULL_BODY.has(status) ? null : buffer, {
    status,
    statusText: incoming.statusMessage ?? '',
    headers,
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
