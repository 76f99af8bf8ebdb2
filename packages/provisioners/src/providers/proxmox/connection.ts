import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ProvisionerError } from '../../errors';
import { createHttpClient, type HttpClient } from '../../http/client';
import type { RetryPolicy } from '../../http/retry';
import type { Logger } from '../../logger';
import { normalizeFingerprint, type ProxmoxConfig } from './config';
import { classifyProxmoxError } from './errors';
import { createVerifyingFetch, type TlsTrust } from './tls';

/** Knobs of the HTTP layer (tests shorten them). */
export interface ConnectionOptions {
  readonly logger: Logger;
  /** Replaces the TLS-verifying fetch entirely (tests, or a caller with its own transport). */
  readonly fetch?: typeof fetch;
  readonly retry?: RetryPolicy;
  readonly requestTimeoutMs?: number;
}

/** Two clients on the same API: one with the standard retries, one without for pollers (they retry by polling). */
export interface ProxmoxConnection {
  readonly http: HttpClient;
  readonly poll: HttpClient;
}

/**
 * Reads the token secret and CA (inline or from files) and builds the clients. Any problem is an
 * `invalid_config` error naming the setting; the secret itself never appears in a message.
 */
export async function openConnection(
  config: ProxmoxConfig,
  options: ConnectionOptions,
): Promise<ProxmoxConnection> {
  const secret = await tokenSecret(config);
  const base = new URL(config.baseUrl);
  const fetchImpl =
    options.fetch ??
    (base.protocol === 'https:' ? createVerifyingFetch(await tlsTrust(config)) : undefined);
  const make = (retry: RetryPolicy | undefined) =>
    createHttpClient({
      baseUrl: `${config.baseUrl.replace(/\/+$/, '')}/api2/json`,
      headers: {
        authorization: `PVEAPIToken=${config.tokenId}=${secret}`,
        accept: 'application/json',
      },
      classify: classifyProxmoxError,
      logger: options.logger,
      ...(retry !== undefined ? { retry } : {}),
      ...(options.requestTimeoutMs !== undefined ? { timeoutMs: options.requestTimeoutMs } : {}),
      ...(fetchImpl !== undefined ? { fetch: fetchImpl } : {}),
    });
  return { http: make(options.retry), poll: make({ ...options.retry, retries: 0 }) };
}

async function tokenSecret(config: ProxmoxConfig): Promise<string> {
  if (config.tokenSecret !== undefined) return config.tokenSecret;
  const path = config.tokenSecretFile ?? '';
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ProvisionerError(
      'invalid_config',
      `tokenSecretFile "${path}" cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      {
        cause: error,
      },
    );
  }
  const secret = text.trim();
  if (secret === '' || /\s/.test(secret)) {
    throw new ProvisionerError(
      'invalid_config',
      `tokenSecretFile "${path}" must hold exactly the token secret (one line, no spaces)`,
    );
  }
  return secret;
}

async function tlsTrust(config: ProxmoxConfig): Promise<TlsTrust> {
  const fingerprint = config.tls?.fingerprintSha256;
  if (fingerprint !== undefined)
    return { kind: 'fingerprint', fingerprint: normalizeFingerprint(fingerprint) };
  const source = config.tls?.caCertificate ?? '';
  const inline = source.includes('-----BEGIN');
  let pem = source;
  if (!inline) {
    try {
      pem = await readFile(source, 'utf8');
    } catch (error) {
      throw new ProvisionerError(
        'invalid_config',
        `tls.caCertificate "${source}" is neither PEM text nor a readable file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
        { cause: error },
      );
    }
  }
  try {
    new X509Certificate(pem);
  } catch (error) {
    throw new ProvisionerError(
      'invalid_config',
      `tls.caCertificate${inline ? '' : ` "${source}"`} does not hold a PEM certificate (${String(error)})`,
      {
        cause: error,
      },
    );
  }
  return { kind: 'ca', caPem: pem };
}
