import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a fake cloud handler sees it. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** Parsed JSON body, form fields (Proxmox), or `undefined`. */
  readonly body: unknown;
  readonly params: Readonly<Record<string, string>>;
}

/** What a handler answers. */
export interface FakeResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A route handler. */
export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/**
 * Faults a test can inject into any fake cloud. Counters are consumed one request at a time.
 */
export interface FakeFaults {
  /** Delay added to every response, ms. */
  latencyMs: number;
  /** Answer the next N requests with 429 and rate-limit headers. */
  rateLimitNext: number;
  /** Answer the next N requests with a 5xx. */
  serverErrorNext: number;
  /**
   * Make the next N create calls succeed in the fake's state but drop the connection before
   * answering: the provisioner sees a crash, the cloud has the server ("crash after create").
   */
  crashAfterCreateNext: number;
  /** Make the next N async actions/tasks end in failure. */
  failActionNext: number;
}

/** One request the fake answered, for assertions. */
export interface FakeLogEntry {
  readonly method: string;
  readonly path: string;
  readonly status: number;
}

/** Answers with a JSON body. */
export const json = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): FakeResponse => ({ status, body, headers });

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: FakeHandler;
  /** Whether this route creates a resource (for crash-after-create). */
  readonly creates: boolean;
}

/**
 * The in-process HTTP server under every fake cloud: routing with `:params`, JSON and form
 * bodies, a request log, and fault injection. Listens on 127.0.0.1 (random port) or a unix
 * socket (Docker).
 */
export class FakeHttpServer {
  readonly faults: FakeFaults = {
    latencyMs: 0,
    rateLimitNext: 0,
    serverErrorNext: 0,
    crashAfterCreateNext: 0,
    failActionNext: 0,
  };
  readonly log: FakeLogEntry[] = [];
  readonly #routes: Route[] = [];
  readonly #server: Server;
  readonly #rateLimitResponse: () => FakeResponse;

  constructor(options: { rateLimitResponse?: () => FakeResponse } = {}) {
    this.#rateLimitResponse =
      options.rateLimitResponse ??
      (() =>
        json(
          429,
          { error: { code: 'rate_limit_exceeded', message: 'rate limit exceeded' } },
          { 'retry-after': '0' },
        ));
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  /** Adds a route; `path` may contain `:name` segments. `creates` marks create calls. */
  route(
    method: string,
    path: string,
    handler: FakeHandler,
    options: { creates?: boolean } = {},
  ): this {
    const names: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      })}/?$`,
    );
    this.#routes.push({ method, pattern, names, handler, creates: options.creates ?? false });
    return this;
  }

  /** Starts listening; resolves the base URL (`http://127.0.0.1:port`) or the socket path. */
  listen(socketPath?: string): Promise<string> {
    return new Promise((resolve) => {
      if (socketPath !== undefined) {
        this.#server.listen(socketPath, () => resolve(socketPath));
      } else {
        this.#server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`),
        );
      }
    });
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  /** Consumes one "fail the next action" fault. */
  takeActionFailure(): boolean {
    if (this.faults.failActionNext <= 0) return false;
    this.faults.failActionNext--;
    return true;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
    const send = (response: FakeResponse) => {
      this.log.push({ method, path: url.pathname, status: response.status });
      res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
      res.end(response.body === undefined ? '' : JSON.stringify(response.body));
    };
    if (this.faults.rateLimitNext > 0) {
      this.faults.rateLimitNext--;
      return send(this.#rateLimitResponse());
    }
    if (this.faults.serverErrorNext > 0) {
      this.faults.serverErrorNext--;
      return send(json(503, { error: { code: 'unavailable', message: 'injected server error' } }));
    }
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      const params = Object.fromEntries(
        route.names.map((n, i) => [n, decodeURIComponent(match[i + 1] ?? '')]),
      );
      let response: FakeResponse;
      try {
        response = await route.handler({
          method,
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: parseBody(raw, req.headers['content-type']),
          params,
        });
      } catch (error) {
        return send(json(500, { error: { code: 'fake_bug', message: String(error) } }));
      }
      if (route.creates && response.status < 300 && this.faults.crashAfterCreateNext > 0) {
        this.faults.crashAfterCreateNext--;
        this.log.push({ method, path: url.pathname, status: 0 });
        res.socket?.destroy();
        return;
      }
      return send(response);
    }
    send(
      json(404, { error: { code: 'not_found', message: `no route ${method} ${url.pathname}` } }),
    );
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(raw));
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
