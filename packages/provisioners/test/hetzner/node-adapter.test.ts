import { createServer, Agent as HttpAgent, type IncomingMessage, type Server } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeAdapter } from '../../src/providers/hetzner/node-adapter';

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

async function serve(handle: (req: IncomingMessage, body: string) => [number, string] | null) {
  const seen: {
    method?: string | undefined;
    url?: string | undefined;
    headers: IncomingMessage['headers'];
    body: string;
  }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      const answer = handle(req, body);
      if (answer === null) return; // never answers
      res.writeHead(answer[0], { 'content-type': 'application/json', 'x-seen': 'yes' });
      res.end(answer[1]);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/`, seen };
}

const adapter = createNodeAdapter({
  http: new HttpAgent({ keepAlive: true }),
  https: new HttpsAgent({ keepAlive: true }),
});
const headers = (h: Record<string, string>) => ({ toJSON: () => h });

describe('the node:http axios adapter of the Hetzner client', () => {
  it('sends the URL, repeated array params, headers and body axios built, and gives the answer back', async () => {
    const api = await serve(() => [201, '{"ok":true}']);
    const response = await adapter({
      baseURL: api.base,
      url: '/actions',
      method: 'get',
      params: { id: [3, 4], page: 1, label_selector: 'dc-managed=true', name: undefined },
      headers: headers({ Authorization: 'Bearer t', Accept: 'application/json' }),
    });
    expect(response).toMatchObject({ status: 201, data: '{"ok":true}' });
    expect(response.headers['x-seen']).toBe('yes');
    const [request] = api.seen;
    expect(request?.url).toBe('/v1/actions?id=3&id=4&page=1&label_selector=dc-managed%3Dtrue');
    expect(request?.headers['authorization']).toBe('Bearer t');
    await adapter({
      baseURL: api.base,
      url: 'servers',
      method: 'post',
      data: '{"name":"x"}',
      headers: headers({ 'Content-Type': 'application/json' }),
    });
    expect(api.seen[1]).toMatchObject({
      method: 'POST',
      url: '/v1/servers',
      body: '{"name":"x"}',
      headers: { 'content-type': 'application/json', 'content-length': '12' },
    });
  });

  it("fails with axios' codes: ECONNABORTED on timeout, ERR_CANCELED on abort", async () => {
    const api = await serve(() => null);
    await expect(
      adapter({ baseURL: api.base, url: '/servers', timeout: 50, headers: headers({}) }),
    ).rejects.toMatchObject({ code: 'ECONNABORTED' });
    const controller = new AbortController();
    const pending = adapter({
      baseURL: api.base,
      url: '/servers',
      signal: controller.signal,
      headers: headers({}),
    });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ERR_CANCELED' });
  });

  it('fails with the system error when nothing listens', async () => {
    const api = await serve(() => [200, '{}']);
    await new Promise((resolve) => {
      servers[0]?.close(resolve);
      servers.splice(0);
    });
    await expect(
      adapter({ baseURL: api.base, url: '/servers', headers: headers({}) }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
