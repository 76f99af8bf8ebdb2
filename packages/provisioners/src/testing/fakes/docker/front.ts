import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { FakeResponse } from '../../fake-server';
import type { FakeExecStartAnswer } from './exec';

/** How the fake answers one pull: a stream of JSON lines, or a plain error answer. */
export type FakePullAnswer =
  | { readonly status: 200; readonly lines: readonly object[]; readonly lineDelayMs: number }
  | { readonly status: number; readonly body: object };

/** The calls the front serves itself, answered by the fake Engine. */
export interface DockerFrontHandlers {
  pull(query: URLSearchParams): FakePullAnswer;
  execStart(execId: string, body: unknown, path: string): FakeExecStartAnswer;
  putArchive(ref: string, query: URLSearchParams, archive: Buffer, path: string): FakeResponse;
}

const PULL_PATH = /^(\/v1\.\d+)?\/images\/create\/?$/;
const EXEC_START_PATH = /^(?:\/v1\.\d+)?\/exec\/([^/]+)\/start\/?$/;
const ARCHIVE_PATH = /^(?:\/v1\.\d+)?\/containers\/([^/]+)\/archive\/?$/;

/**
 * The socket the fake Engine is reached on. FakeHttpServer answers one JSON document per
 * request, but some Engine calls are not that: `POST /images/create` streams JSON lines,
 * `POST /exec/{id}/start` takes the connection over for the exec's raw output, and
 * `PUT /containers/{id}/archive` takes a binary tar body. This front serves those itself and
 * passes every other request through to the FakeHttpServer behind it (on a second socket),
 * byte for byte, including its dropped connections.
 */
export class DockerFront {
  readonly #server: Server;
  readonly #inner: string;
  readonly #handlers: DockerFrontHandlers;

  constructor(innerSocket: string, handlers: DockerFrontHandlers) {
    this.#inner = innerSocket;
    this.#handlers = handlers;
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
      await this.#servePull(this.#handlers.pull(url.searchParams), res);
      return;
    }
    const execStart = req.method === 'POST' ? EXEC_START_PATH.exec(url.pathname) : null;
    if (execStart !== null) {
      const body = parseJson(await readBody(req));
      const id = decodeURIComponent(execStart[1] ?? '');
      await this.#serveExec(this.#handlers.execStart(id, body, url.pathname), req, res);
      return;
    }
    const archive = req.method === 'PUT' ? ARCHIVE_PATH.exec(url.pathname) : null;
    if (archive !== null) {
      const ref = decodeURIComponent(archive[1] ?? '');
      const body = await readBody(req);
      send(res, this.#handlers.putArchive(ref, url.searchParams, body, url.pathname));
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

  /**
   * An attached exec start, as the Engine answers one sent without `Upgrade` headers: it takes
   * the connection over, writes a bare `200 OK` with the raw-stream content type and no length,
   * then the output, and closes the connection when the process ended.
   */
  async #serveExec(
    answer: FakeExecStartAnswer,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    if (answer.kind === 'error') return send(res, { status: answer.status, body: answer.body });
    if (answer.kind === 'detached') return send(res, { status: 200 });
    const socket = req.socket;
    socket.write(
      'HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\nApi-Version: 1.47\r\n\r\n',
    );
    // The process runs on when the client goes away (an exec cannot be stopped through the API).
    await answer.run((chunk) => {
      if (!socket.destroyed) socket.write(chunk);
    });
    socket.end();
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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}

function send(res: ServerResponse, answer: FakeResponse): void {
  if (answer.body === undefined) {
    res.writeHead(answer.status, { 'content-length': '0', ...answer.headers });
    res.end();
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(JSON.stringify(answer.body));
}
