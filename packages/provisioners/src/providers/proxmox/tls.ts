import type { ClientRequestArgs } from 'node:http';
import { Agent, type AgentOptions, request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { Readable } from 'node:stream';
import { type ConnectionOptions, type TLSSocket, connect as tlsConnect } from 'node:tls';
import { ProvisionerError } from '../../errors';

/** How the API's certificate is checked: against a CA, or by its SHA-256 fingerprint. */
export type TlsTrust =
  | { readonly kind: 'ca'; readonly caPem: string }
  | { readonly kind: 'fingerprint'; readonly fingerprint: string };

/** The server certificate was refused; carries a message naming what was expected and seen. */
export class TlsRefusedError extends Error {
  override readonly name = 'TlsRefusedError';
}

// Node's codes for "the chain or the name did not verify".
const TLS_ERROR_CODES =
  /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME_INVALID|HOSTNAME_MISMATCH/;

/**
 * An https Agent that verifies the Proxmox certificate before a single byte of the request
 * (with the token) is written.
 *
 * - `ca`: Node's normal verification, trusting only the given CA (chain and host name).
 * - `fingerprint`: Proxmox's usual self-signed certificate pinned by SHA-256, as the Proxmox
 *   tools do. OpenSSL would reject a self-signed chain before any identity hook runs, so the
 *   handshake is allowed to finish unverified and the socket is handed to the request only
 *   after the peer certificate's `fingerprint256` matched; a mismatch destroys it unused.
 */
class VerifyingAgent extends Agent {
  readonly #trust: TlsTrust;

  constructor(trust: TlsTrust, options: AgentOptions) {
    super({ ...options, ...(trust.kind === 'ca' ? { ca: trust.caPem } : {}) });
    this.#trust = trust;
  }

  override createConnection(
    options: ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const trust = this.#trust;
    const done = once(callback);
    const base = options as ConnectionOptions;
    const socket: TLSSocket =
      trust.kind === 'ca'
        ? tlsConnect({ ...base, ca: trust.caPem, rejectUnauthorized: true })
        : // Verified by fingerprint below, before the socket is used.
          tlsConnect({ ...base, rejectUnauthorized: false });
    // On failure no socket is handed over: the request then fails with exactly this error.
    socket.once('error', (error) => done(refusal(error, trust) ?? error));
    socket.once('secureConnect', () => {
      if (trust.kind === 'fingerprint') {
        const seen = socket.getPeerCertificate().fingerprint256;
        if (seen !== trust.fingerprint) {
          socket.destroy();
          return done(
            new TlsRefusedError(
              `TLS fingerprint mismatch for ${String(base.host)}:${String(base.port)}: tls.fingerprintSha256 is ${trust.fingerprint} but the server presented ${seen ?? '(no certificate)'}; check the fingerprint with "pvenode cert info" on the node`,
            ),
          );
        }
      }
      done(null, socket);
    });
    return undefined;
  }
}

function once(callback: ((err: Error | null, stream: Duplex) => void) | undefined) {
  let called = false;
  return (err: Error | null, stream?: Duplex) => {
    if (called) return;
    called = true;
    callback?.(err, stream as Duplex);
  };
}

function refusal(error: Error, trust: TlsTrust): TlsRefusedError | undefined {
  const code = (error as { code?: unknown }).code;
  if (error instanceof TlsRefusedError) return error;
  if (typeof code !== 'string' || !TLS_ERROR_CODES.test(code)) return undefined;
  const hint =
    trust.kind === 'ca'
      ? 'the server certificate is not signed by tls.caCertificate or does not name this host; use the cluster CA (/etc/pve/pve-root-ca.pem) or pin the certificate with tls.fingerprintSha256'
      : 'check tls.fingerprintSha256';
  return new TlsRefusedError(`TLS verification failed (${code}: ${error.message}): ${hint}`);
}

/**
 * A `fetch` over node:https with the given certificate trust, for `createHttpClient`. A refused
 * certificate throws a non-retryable `invalid_config` `ProvisionerError` (upstream code
 * `tls_verification_failed`) naming what was expected and seen, which the shared client passes
 * on unchanged: a wrong certificate needs a person, not a retry.
 */
export function createVerifyingFetch(trust: TlsTrust): typeof fetch {
  const agent = new VerifyingAgent(trust, { keepAlive: true, maxSockets: 8 });
  return async (input, init) => {
    const request = new Request(input, init);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    if (body !== undefined) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const req = httpsRequest(
        request.url,
        { method: request.method, headers, agent, signal: request.signal },
        (res) => {
          const responseHeaders = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
            responseHeaders.append(res.rawHeaders[i] ?? '', res.rawHeaders[i + 1] ?? '');
          const status = res.statusCode ?? 502;
          const empty = status === 204 || status === 304 || request.method === 'HEAD';
          if (empty) res.resume();
          resolve(
            new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
              status,
              // The reason phrase carries Proxmox's error message on older releases.
              statusText: (res.statusMessage ?? '').replace(/[^\x20-\x7e]/g, ' '),
              headers: responseHeaders,
            }),
          );
        },
      );
      req.once('error', (error) => {
        reject(
          error instanceof TlsRefusedError
            ? new ProvisionerError('invalid_config', error.message, {
                retryable: false,
                upstreamCode: 'tls_verification_failed',
                cause: error,
              })
            : error,
        );
      });
      req.end(body);
    });
  };
}
