import ky, { type KyInstance } from 'ky';
import { isProvisionerError, ProvisionerError, type ProvisionerErrorCode } from '../errors';
import { type Logger, silentLogger } from '../logger';
import { redact } from './redact';
import { abortError, type RetryPolicy, retryAfterMs, withRetry } from './retry';

/** Settings of {@link createHttpClient}. */
export interface HttpClientOptions {
  readonly baseUrl: string;
  /** Sent with every request; values are never logged. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per-attempt timeout in ms (default 30 000). */
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  readonly logger?: Logger;
  /**
   * A custom fetch (tests, or a TLS-pinning dispatcher for Proxmox). A `ProvisionerError` it
   * throws is passed on unchanged (retried only when `retryable`); anything else it throws is
   * a retryable `network_error` (or `timeout`).
   */
  readonly fetch?: typeof fetch;
  /** Maps an error response to a code, before the generic status mapping. */
  readonly classify?: (
    status: number,
    body: unknown,
  ) => { code: ProvisionerErrorCode; upstreamCode?: string; message?: string } | undefined;
}

/** One request. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly json?: unknown;
  /** Form-encoded body (Proxmox). */
  readonly form?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly signal?: AbortSignal | undefined;
  /**
   * Whether a failed attempt may be sent again. Defaults to true for GET, PUT and DELETE; a
   * POST that creates something is retried only on 429 (the server refused it unprocessed),
   * because a timed-out create may have happened: the caller's idempotent lookup handles that.
   */
  readonly idempotent?: boolean;
}

/** A JSON HTTP client with the retry, timeout, error and logging rules of every provisioner. */
export interface HttpClient {
  request<T>(req: HttpRequest): Promise<T>;
  /** Like `request`, but resolves `null` on 404 (for "is it still there?" lookups). */
  requestOrNull<T>(req: HttpRequest): Promise<T | null>;
}

/** Creates an {@link HttpClient} on ky. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const logger = options.logger ?? silentLogger;
  // Redacting a body costs CPU on every call; skip it when nothing would be written.
  const debugEnabled = logger !== silentLogger && (logger.isLevelEnabled?.('debug') ?? true);
  const http: KyInstance = ky.create({
    prefixUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: options.headers ?? {},
    timeout: options.timeoutMs ?? 30_000,
    retry: 0,
    throwHttpErrors: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  async function attempt<T>(req: HttpRequest, allowNotFound: boolean): Promise<T | null> {
    const started = Date.now();
    let response: Response;
    try {
      const searchParams = Object.fromEntries(
        Object.entries(req.query ?? {}).filter(([, v]) => v !== undefined),
      ) as Record<string, string | number | boolean>;
      response = await http(req.path.replace(/^\//, ''), {
        method: req.method,
        searchParams,
        ...(req.json !== undefined ? { json: req.json } : {}),
        ...(req.form !== undefined ? { body: formBody(req.form) } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
      });
    } catch (error) {
      // A custom fetch that already knows what went wrong (Proxmox's pinned TLS refusing a
      // certificate) throws a ProvisionerError: it reaches the caller as thrown, and is retried
      // only when it says it is retryable.
      if (isProvisionerError(error)) {
        logger.warn(
          { method: req.method, path: req.path, code: error.code, error: error.message },
          'request failed',
        );
        throw error;
      }
      if (req.signal?.aborted) throw abortError(req.signal);
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      logger.warn({ method: req.method, path: req.path, error: String(error) }, 'request failed');
      throw new ProvisionerError(
        timedOut ? 'timeout' : 'network_error',
        `${req.method} ${req.path}: ${timedOut ? 'timed out' : 'network error'}`,
        {
          cause: error,
          retryable: true,
        },
      );
    }
    const text = await response.text();
    const body = parseBody(text);
    if (debugEnabled) {
      logger.debug(
        {
          method: req.method,
          path: req.path,
          status: response.status,
          ms: Date.now() - started,
          body: redact(body),
        },
        'http',
      );
    }
    if (response.ok) return (body ?? null) as T;
    if (response.status === 404 && allowNotFound) return null;
    throw errorFor(req, response, body);
  }

  function errorFor(req: HttpRequest, response: Response, body: unknown): ProvisionerError {
    const status = response.status;
    const custom = options.classify?.(status, body);
    const code: ProvisionerErrorCode =
      custom?.code ??
      (status === 401 || status === 403
        ? 'auth_failed'
        : status === 404
          ? 'not_found'
          : status === 409
            ? 'conflict'
            : status === 429
              ? 'rate_limited'
              : status === 400 || status === 422
                ? 'invalid_request'
                : status >= 500
                  ? 'upstream_error'
                  : 'invalid_request');
    // Some clouds (Hetzner) send RateLimit-Reset on every answer, meaning "when the hourly bucket
    // is full again": only a 429 (or a 503 with Retry-After) is a request to wait.
    const wait =
      status === 429
        ? retryAfterMs(response.headers)
        : status === 503 && response.headers.has('retry-after')
          ? retryAfterMs(response.headers)
          : undefined;
    return new ProvisionerError(
      code,
      `${req.method} ${req.path} answered ${status}${custom?.message ? `: ${custom.message}` : ''}`,
      {
        ...(wait !== undefined ? { retryAfterMs: wait } : {}),
        ...(custom?.upstreamCode ? { upstreamCode: custom.upstreamCode } : {}),
      },
    );
  }

  function send<T>(req: HttpRequest, allowNotFound: boolean): Promise<T | null> {
    const idempotent = req.idempotent ?? req.method !== 'POST';
    // A create that may have happened is not re-sent; only a 429 (refused unprocessed) is.
    const mayResend = (error: ProvisionerError) => idempotent || error.code === 'rate_limited';
    return withRetry(() => attempt<T>(req, allowNotFound), options.retry, req.signal, mayResend);
  }

  return {
    request: async <T>(req: HttpRequest) => (await send<T>(req, false)) as T,
    requestOrNull: <T>(req: HttpRequest) => send<T>(req, true),
  };
}

function formBody(form: NonNullable<HttpRequest['form']>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== undefined) body.append(k, String(v));
  return body;
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 2000);
  }
}
