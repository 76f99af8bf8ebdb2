import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { createServer, type Server, type TLSSocket } from 'node:tls';

/**
 * A TLS front for a plain-HTTP fake: decrypts each connection and pipes it byte for byte to the
 * backend on loopback. `FakeHttpServer` speaks only HTTP, and Proxmox only HTTPS; piping at the
 * socket level keeps the backend's behaviour intact, including a dropped connection
 * (crash-after-create), which closes the client's TLS connection too.
 */
export class TlsTerminator {
  readonly #server: Server;
  readonly #sockets = new Set<Socket | TLSSocket>();

  constructor(options: {
    readonly cert: string;
    readonly key: string;
    readonly backendPort: number;
  }) {
    this.#server = createServer({ cert: options.cert, key: options.key }, (client) => {
      const backend = connect(options.backendPort, '127.0.0.1');
      this.#track(client);
      this.#track(backend);
      const closeBoth = () => {
        client.destroy();
        backend.destroy();
      };
      client.on('error', closeBoth).on('close', closeBoth);
      backend.on('error', closeBoth).on('close', closeBoth);
      client.pipe(backend);
      backend.pipe(client);
    });
    // A client refusing our certificate (the point of some tests) is not a server error.
    this.#server.on('tlsClientError', () => {});
  }

  #track(socket: Socket | TLSSocket): void {
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  /** Listens on 127.0.0.1 (random port); resolves `https://127.0.0.1:<port>`. */
  listen(): Promise<string> {
    return new Promise((resolve) => {
      this.#server.listen(0, '127.0.0.1', () =>
        resolve(`https://127.0.0.1:${(this.#server.address() as AddressInfo).port}`),
      );
    });
  }

  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
