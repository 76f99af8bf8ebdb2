import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SandboxWebServer, startWebServer } from '../src/web/server';

let folder: string;
let web: SandboxWebServer | undefined;
let api: Server | undefined;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dc-sandbox-web-'));
});

afterEach(async () => {
  await web?.close();
  await new Promise((resolve) => (api ? api.close(resolve) : resolve(undefined)));
  web = undefined;
  api = undefined;
  rmSync(folder, { recursive: true, force: true });
});

/** A stand-in API that answers with what it received. */
async function echoApi(): Promise<string> {
  api = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-from': 'api' });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
    });
  });
  await new Promise<void>((resolve) => api?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
}

const start = (dashboardDir: string) =>
  startWebServer({ port: 0, host: '127.0.0.1', dashboardDir }).then((server) => {
    web = server;
    return server;
  });

describe('the web front', () => {
  it('says the dashboard is not built, labelled local sandbox, while its build is missing', async () => {
    const server = await start(join(folder, 'missing'));
    for (const path of ['/', '/rentals', '/assets/app.js']) {
      const answer = await fetch(`${server.url}${path}`);
      expect(answer.status).toBe(200);
      const page = await answer.text();
      expect(page).toContain('The dashboard is not built');
      expect(page).toContain('LOCAL SANDBOX');
    }
  });

  it("serves the build's files, index.html for app routes, and 404 for missing files", async () => {
    const dist = join(folder, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>dashboard</title>');
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
    writeFileSync(join(folder, 'secret.txt'), 'outside the build');
    const server = await start(dist);

    const asset = await fetch(`${server.url}/assets/app-abc123.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');

    const route = await fetch(`${server.url}/contracts/42?contract=42`);
    expect(route.headers.get('content-type')).toContain('text/html');
    expect(route.headers.get('cache-control')).toBe('no-cache');
    expect(await route.text()).toContain('<title>dashboard</title>');

    expect((await fetch(`${server.url}/assets/gone.js`)).status).toBe(404);
    // Neither encoded dots nor raw ones leave the build folder.
    expect((await fetch(`${server.url}/%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${server.url}/..%2fsecret.txt`)).status).toBe(404);
  });

  it('answers 503 on /v1 until the API runs, then passes requests through as they came', async () => {
    const server = await start(join(folder, 'missing'));
    const early = await fetch(`${server.url}/v1/health`);
    expect(early.status).toBe(503);
    expect(((await early.json()) as { code: string }).code).toBe('sandbox_starting');

    server.setApiUrl(await echoApi());
    const answer = await fetch(`${server.url}/v1/offerings?q=cores%3A%3E%3D4`, {
      method: 'POST',
      headers: { 'x-dc-signature': 'abc', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('x-from')).toBe('api');
    const seen = (await answer.json()) as {
      method: string;
      url: string;
      headers: IncomingHttpHeaders;
      body: string;
    };
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/v1/offerings?q=cores%3A%3E%3D4');
    expect(seen.body).toBe('{"a":1}');
    expect(seen.headers['x-dc-signature']).toBe('abc');
    // Signed requests sign the Host header: the API must see the one the browser sent.
    expect(seen.headers.host).toBe(new URL(server.url).host);

    const openapi = (await (await fetch(`${server.url}/openapi.json`)).json()) as { url: string };
    expect(openapi.url).toBe('/v1/openapi.json');
    const docs = (await (await fetch(`${server.url}/docs`)).json()) as { url: string };
    expect(docs.url).toBe('/docs');
  });

  it('refuses a port that is taken, naming the way out', async () => {
    const first = await start(join(folder, 'missing'));
    const port = Number(new URL(first.url).port);
    await expect(startWebServer({ port, host: '127.0.0.1', dashboardDir: folder })).rejects.toThrow(
      `port ${port} on 127.0.0.1 is in use (another pnpm start?)`,
    );
  });
});
