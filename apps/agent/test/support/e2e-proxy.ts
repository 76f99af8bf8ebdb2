import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the proxy is about to forward. */
export interface ProxiedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
}

/**
 * A transparent HTTP proxy between the agent and the API, in the test process, so a test can
 * stop one request from ever reaching the API (e.g. the agent's completion report) at a
 * precise moment. Headers go through untouched: the agent signs the `Host` it sends, which is
 * the proxy's, and the API verifies that same header.
 */
export class ApiProxy {
  /**
   * Asked about each request before it is forwarded; `true` swallows it (it never reaches the
   * API, and the caller's connection is cut), e.g. to kill the agent before its report lands.
   */
  intercept: ((request: ProxiedRequest) => boolean) | undefined;
  readonly #server: Server;
  readonly #target: URL;
  #url: string | undefined;

  constructor(target: string) {
    this.#target = new URL(target);
    this.#server = createServer((req, res) => this.#handle(req, res));
  }

  /** Listens on 127.0.0.1 (any port); resolves `http://127.0.0.1:<port>`. */
  async start(): Promise<string> {
    if (this.#url !== undefined) return this.#url;
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.#url;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const seen = { method: req.method ?? 'GET', path: req.url ?? '/' };
    if (this.intercept?.(seen) === true) {
      req.resume();
      res.destroy();
      return;
    }
    const upstream = httpRequest(
      {
        host: this.#target.hostname,
        port: this.#target.port,
        method: seen.method,
        path: seen.path,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    // The API is down or hung up: the agent sees a cut connection, as it would without us.
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }
}
