import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

/** How the fake answers one pull: a stream of JSON lines, or a plain error answer. */
export type FakePullAnswer =
  | { readonly status: 200; readonly lines: readonly object[]; readonly lineDelayMs: number }
  | { readonly status: number; readonly body: object };

const PULL_PATH = /^(\/v1\.\d+)?\/images\/create\/?$/;

/**
 * The socket the fake Engine is reached on. FakeHttpServer answers one JSON document per
 * request, but `POST /images/create` streams JSON lines as the real Engine does; so this front
 * serves the pull stream itself and passes every other request through to the FakeHttpServer
 * behind it (on a second socket), byte for byte, including its dropped connections.
 */
export class DockerFront {
  readonly #server: Server;
  readonly #inner: string;
  readonly #pull: (query: URLSearchParams) => FakePullAnswer;

  constructor(innerSocket: string, pull: (query: URLSearchParams) => FakePullAnswer) {
    this.#inner = innerSocket;
    this.#pull = pull;
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  listen(socketPath: string): Promise<string> {
    return new Promise((resolve) => this.#server.listen(socketPath, () => resolve(socketPath)));
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://docker');
    if (req.method === 'POST' && PULL_PATH.test(url.pathname)) {
      req.resume();
      await this.#servePull(this.#pull(url.searchParams), res);
      return;
    }
    const upstream = httpRequest(
      { socketPath: this.#inner, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('error', () => res.socket?.destroy());
      },
    );
    // The fake behind dropped the connection ("crash after create"): so does the front.
    upstream.on('error', () => res.socket?.destroy());
    req.pipe(upstream);
  }

  async #servePull(answer: FakePullAnswer, res: ServerResponse): Promise<void> {
    if (!('lines' in answer)) {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    for (const line of answer.lines) {
      if (res.destroyed) return;
      // The Engine ends each progress message with CRLF.
      res.write(`${JSON.stringify(line)}\r\n`);
      if (answer.lineDelayMs > 0) await new Promise((r) => setTimeout(r, answer.lineDelayMs));
    }
    res.end();
  }
}
