import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, NetworkError, ServerError, sendHeartbeat } from '@dc/client';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeFetch } from '../../src/runtime/node-fetch';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(resolve);
        }),
    ),
  );
});

/** A local server answering with `handle`; resolves its base URL. */
async function serve(
  handle: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<string> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => handle(req, body, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the agent fetch on node:http', () => {
  it('sends method, path, query, headers and body, and gives status, headers and body back', async () => {
    const seen: Record<string, unknown>[] = [];
    const base = await serve((req, body, res) => {
      seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
      res.writeHead(201, { 'content-type': 'application/json', 'x-thing': 'a' });
      res.end('{"ok":true}');
    });
    const fetch = createNodeFetch();
    const response = await fetch(`${base}/v1/x?y=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-thing')).toBe('a');
    expect(await response.json()).toEqual({ ok: true });
    expect(seen).toEqual([
      { method: 'POST', url: '/v1/x?y=1', type: 'application/json', body: '{"a":1}' },
    ]);
  });

  it('answers 204 with no body, and a refused connection like the built-in fetch', async () => {
    const base = await serve((_req, _body, res) => {
      res.writeHead(204);
      res.end();
    });
    const fetch = createNodeFetch();
    const empty = await fetch(`${base}/`, { method: 'DELETE' });
    expect([empty.status, empty.body]).toEqual([204, null]);
    const refused = await fetch('http://127.0.0.1:1/').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect(((refused as TypeError).cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('stops a request held by the server when its signal aborts (a long-poll at shutdown)', async () => {
    const base = await serve(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const pending = createNodeFetch()(`${base}/lease`, { signal: controller.signal });
    controller.abort(new Error('stopping'));
    await expect(pending).rejects.toThrow('stopping');
  });

  it('carries @dc/client calls: answers parsed, problems typed, outages as NetworkError', async () => {
    const paths: string[] = [];
    const base = await serve((req, body, res) => {
      paths.push(req.url ?? '');
      if (JSON.parse(body).version === 'bad') {
        res.writeHead(503, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'about:blank', title: 'down', status: 503, code: 'x' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ server_time: new Date(0).toISOString(), next_heartbeat_in_seconds: 30 }),
      );
    });
    const client = createClient({ baseUrl: base, fetch: createNodeFetch(), retries: 0 });
    const body = { version: '1', provisioner_kinds: ['hetzner'], active_jobs: 0, capacity: 4 };
    await expect(sendHeartbeat(client, { body })).resolves.toMatchObject({
      next_heartbeat_in_seconds: 30,
    });
    await expect(
      sendHeartbeat(client, { body: { ...body, version: 'bad' } }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(paths).toEqual(['/v1/agent/heartbeat', '/v1/agent/heartbeat']);
    const down = createClient({
      baseUrl: 'http://127.0.0.1:1',
      fetch: createNodeFetch(),
      retries: 0,
    });
    await expect(sendHeartbeat(down, { body })).rejects.toBeInstanceOf(NetworkError);
  });
});
