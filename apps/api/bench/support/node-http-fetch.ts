import http from 'node:http';

/**
 * A `fetch` over `node:http` with the given keep-alive agent, for `createClient({ fetch })`.
 * The global fetch of Node 20 cannot take a `node:http` agent, and a load generator holding a
 * thousand long-polls open needs one socket pool with room for all of them.
 */
export function nodeHttpFetch(agent: http.Agent): typeof fetch {
  return (async (input: Request | string | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const outgoing = http.request(
        {
          agent,
          hostname: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: request.method,
          headers,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const status = incoming.statusCode ?? 0;
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) {
              if (value === undefined) continue;
              for (const item of Array.isArray(value) ? value : [value]) {
                responseHeaders.append(name, item);
              }
            }
            const empty = status === 204 || status === 304;
            resolve(
              new Response(empty ? null : Buffer.concat(chunks), {
                status,
                headers: responseHeaders,
              }),
            );
          });
        },
      );
      outgoing.on('error', reject);
      const signal = init?.signal ?? request.signal;
      signal?.addEventListener('abort', () => outgoing.destroy(signal.reason as Error), {
        once: true,
      });
      outgoing.end(body);
    });
  }) as typeof fetch;
}
