import { createReadStream, existsSync, statSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { notBuiltPage } from './not-built-page';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The web front of the sandbox: the dashboard's files and the API on one origin. */
export interface SandboxWebServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Points `/v1/*` at the API once it runs; until then those paths answer 503. */
  setApiUrl(url: string): void;
  close(): Promise<void>;
}

/** What {@link startWebServer} serves. */
export interface WebServerOptions {
  readonly port: number;
  readonly host: string;
  /** The dashboard's build (`apps/dashboard/dist`); looked at on every request. */
  readonly dashboardDir: string;
}

/** Whether a path goes to the API: its routes, its OpenAPI document and its reference page. */
const isApiPath = (path: string) =>
  path.startsWith('/v1/') || path === '/v1' || path === '/docs' || path === '/openapi.json';

/**
 * Starts the web front: `/v1/*`, `/docs` and `/openapi.json` are passed to the API as they
 * came (the Host header too: signed requests sign it), so the browser needs no CORS; every
 * other path is a file of the dashboard's build, or its `index.html` (client-side routes), or a
 * page saying the dashboard is not built. Fails when the port is taken.
 */
export async function startWebServer(options: WebServerOptions): Promise<SandboxWebServer> {
  let api: URL | undefined;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
    if (isApiPath(path)) return proxy(req, res, api);
    serveDashboard(options.dashboardDir, path, res);
  });
  // Long-polls of the API last 25 s; keep idle browser connections like the API does.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await listen(server, options.port, options.host);
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${address.port}`,
    setApiUrl(url) {
      api = new URL(url);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} on ${host} is in use (another pnpm start?); stop what uses it, or pick another port with --port`,
            )
          : error,
      );
    });
    server.listen(port, host, () => resolve());
  });
}

function problem(res: ServerResponse, status: number, code: string, detail: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title: 'Local sandbox', status, code, detail }));
}

function proxy(req: IncomingMessage, res: ServerResponse, api: URL | undefined): void {
  if (api === undefined) {
    problem(res, 503, 'sandbox_starting', 'The local sandbox API is still starting.');
    return;
  }
  const path = req.url === '/openapi.json' ? '/v1/openapi.json' : (req.url ?? '/');
  const upstream = httpRequest(
    { host: api.hostname, port: api.port, method: req.method, path, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) =>
    problem(
      res,
      502,
      'sandbox_api_unreachable',
      `The local sandbox API did not answer: ${error.message}`,
    ),
  );
  // A browser that goes away (a long-poll cut short) ends the API request too.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

/** The file of the dashboard's build a path asks for, `index.html` for app routes, or a reason. */
function dashboardFile(dir: string, path: string): string | { status: number; detail: string } {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { status: 400, detail: 'The path is not valid percent-encoding.' };
  }
  const file = normalize(join(dir, decoded));
  if (!file.startsWith(dir + sep) && file !== dir) return { status: 404, detail: 'No such file.' };
  if (existsSync(file) && statSync(file).isFile()) return file;
  // A path without a file extension is a route of the single-page app.
  if (extname(decoded) !== '') return { status: 404, detail: 'No such file.' };
  return join(dir, 'index.html');
}

function serveDashboard(dir: string, path: string, res: ServerResponse): void {
  if (!existsSync(join(dir, 'index.html'))) {
    res.writeHead(200, { 'content-type': CONTENT_TYPES['.html'], 'cache-control': 'no-store' });
    res.end(notBuiltPage());
    return;
  }
  const served = dashboardFile(dir, path);
  if (typeof served !== 'string') {
    problem(res, served.status, 'not_found', served.detail);
    return;
  }
  const type = CONTENT_TYPES[extname(served)] ?? 'application/octet-stream';
  // Vite's hashed assets never change; index.html must be fetched again to see a new build.
  const immutable = served.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': type,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  createReadStream(served).pipe(res);
}
