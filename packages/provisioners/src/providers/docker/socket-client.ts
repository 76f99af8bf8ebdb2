import { request as httpRequest } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { ProvisionerError } from '../../errors';
import { abortError, type RetryPolicy, withRetry } from '../../http/retry';
import type { Logger } from '../../logger';
import { dockerError, socketError } from './errors';
import type { WireVersion } from './wire';

/** Oldest Engine API this provisioner speaks (Docker 20.10): NanoCpus, label filters, 304s. */
export const MIN_API_VERSION = '1.41';
/** Newest Engine API this provisioner was written against; newer Engines are spoken to in it. */
export const MAX_API_VERSION = '1.47';

// An answer larger than this is not an Engine answer we want in memory.
const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/** Settings of {@link DockerClient}. */
export interface DockerClientOptions {
  readonly socketPath: string;
  /** A pinned API version (`1.45`); unset, it is negotiated with the Engine. */
  readonly apiVersion?: string | undefined;
  /** Per-attempt timeout, ms. */
  readonly timeoutMs: number;
  readonly retry?: RetryPolicy | undefined;
  readonly logger: Logger;
}

/** One Engine API call. `path` is unversioned; the client adds the `/v1.xx` prefix. */
export interface DockerCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** A JSON body. */
  readonly body?: unknown;
  /** A tar archive sent as the body instead of JSON (`PUT /containers/{id}/archive`). */
  readonly tar?: Uint8Array;
  readonly signal?: AbortSignal | undefined;
  /** Whether a failed attempt may be sent again (default: GET, PUT and DELETE). */
  readonly idempotent?: boolean;
  readonly timeoutMs?: number;
}

/** A streamed call (image pull): the answer arrives as JSON lines. */
export interface DockerStreamCall extends DockerCall {
  /** Longest silence between two chunks, ms. */
  readonly idleTimeoutMs: number;
}

/**
 * The Engine API over its unix socket, with node:http (fetch cannot reach a unix socket without
 * an extra dispatcher). Same rules as every HTTP provisioner: a timeout on every call, retries
 * of idempotent calls with backoff, errors mapped to ProvisionerError, debug logging without
 * bodies (container configs carry the provider's env).
 */
export class DockerClient {
  readonly #options: DockerClientOptions;
  #prefix: Promise<string> | undefined;

  constructor(options: DockerClientOptions) {
    this.#options = options;
  }

  /** Sends `call`; resolves the parsed JSON answer (`null` for an empty one, e.g. 204/304). */
  async request<T>(call: DockerCall): Promise<T> {
    return (await this.#send<T>(call, false)) as T;
  }

  /** Like `request`, but resolves `null` on 404 ("no such container"). */
  requestOrNull<T>(call: DockerCall): Promise<T | null> {
    return this.#send<T>(call, true);
  }

  /**
   * Sends a streamed call and hands each JSON line of a 2xx answer to `onLine` (lines that are
   * not JSON are skipped). An error answer throws like `request`. Not retried here: the caller
   * knows whether the stream ended well.
   */
  async stream(call: DockerStreamCall, onLine: (line: unknown) => void): Promise<void> {
    const path = `${await this.#versionPrefix(call.signal)}${call.path}${queryString(call.query)}`;
    // Decoded across chunks: a multi-byte character may straddle two of them.
    const decoder = new StringDecoder('utf8');
    let pending = '';
    const take = (chunk: Buffer) => {
      pending += decoder.write(chunk);
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        emitLine(pending.slice(0, newline), onLine);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    };
    const answer = await this.#exchange(call, path, take);
    emitLine(pending + decoder.end(), onLine);
    this.#check(call, answer, false);
  }

  /**
   * Sends a call whose 2xx answer is a raw byte stream (an exec's attached output), handing
   * each chunk to `onChunk` as it arrives; the stream ends when the Engine closes it. An error
   * answer throws like `request`. Never retried: the stream may have started a process.
   */
  async rawStream(call: DockerCall, onChunk: (chunk: Buffer) => void): Promise<void> {
    const path = `${await this.#versionPrefix(call.signal)}${call.path}${queryString(call.query)}`;
    const answer = await this.#exchange(call, path, onChunk);
    this.#check(call, answer, false);
  }

  /**
   * The Engine's version (`GET /version`, unversioned so it works with any Engine). `retry`
   * overrides the client's policy (a setup check answers at once rather than after retries).
   */
  version(
    signal?: AbortSignal,
    retry: RetryPolicy | undefined = this.#options.retry,
  ): Promise<WireVersion> {
    return withRetry(
      async () => {
        const answer = await this.#exchange(
          { method: 'GET', path: '/version', signal },
          '/version',
        );
        return this.#check<WireVersion>(
          { method: 'GET', path: '/version' },
          answer,
          false,
        ) as WireVersion;
      },
      retry,
      signal,
    );
  }

  /** The API version in use (`1.45`), negotiated once. */
  async apiVersion(signal?: AbortSignal): Promise<string> {
    return (await this.#versionPrefix(signal)).slice(2);
  }

  #versionPrefix(signal: AbortSignal | undefined): Promise<string> {
    if (this.#options.apiVersion !== undefined)
      return Promise.resolve(`/v${this.#options.apiVersion}`);
    if (this.#prefix === undefined) {
      const negotiated = this.version(signal).then((v) => `/v${negotiate(v.ApiVersion)}`);
      this.#prefix = negotiated;
      // A failed negotiation (Engine down) is tried again on the next call.
      negotiated.catch(() => {
        if (this.#prefix === negotiated) this.#prefix = undefined;
      });
    }
    return this.#prefix;
  }

  #send<T>(call: DockerCall, allowNotFound: boolean): Promise<T | null> {
    const idempotent = call.idempotent ?? call.method !== 'POST';
    return withRetry(
      async () => {
        const path = `${await this.#versionPrefix(call.signal)}${call.path}${queryString(call.query)}`;
        const answer = await this.#exchange(call, path);
        return this.#check<T>(call, answer, allowNotFound);
      },
      this.#options.retry,
      call.signal,
      // A create whose answer was lost may have happened: the caller's lookup handles that.
      (error) => idempotent || error.code === 'rate_limited',
    );
  }

  #check<T>(call: DockerCall, answer: Answer, allowNotFound: boolean): T | null {
    const { status, text } = answer;
    if ((status >= 200 && status < 300) || status === 304) return parseJson(text) as T | null;
    if (status === 404 && allowNotFound) return null;
    throw dockerError(call.method, call.path, status, errorMessage(text));
  }

  async #exchange(
    call: DockerCall | DockerStreamCall,
    path: string,
    onData?: (chunk: Buffer) => void,
  ): Promise<Answer> {
    const started = Date.now();
    const timeoutMs = call.timeoutMs ?? this.#options.timeoutMs;
    try {
      const answer = await exchange({
        socketPath: this.#options.socketPath,
        method: call.method,
        path,
        ...bodyOf(call),
        signal: call.signal,
        timeoutMs,
        idleTimeoutMs: 'idleTimeoutMs' in call ? call.idleTimeoutMs : undefined,
        onData,
      });
      this.#options.logger.debug(
        { method: call.method, path, status: answer.status, ms: Date.now() - started },
        'docker',
      );
      return answer;
    } catch (error) {
      if (error instanceof ProvisionerError) throw error;
      if (call.signal?.aborted) throw abortError(call.signal);
      this.#options.logger.warn(
        { method: call.method, path, error: String(error) },
        'docker call failed',
      );
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new ProvisionerError(
          'timeout',
          `Docker ${call.method} ${call.path} timed out (${error.message})`,
          {
            cause: error,
            retryable: true,
          },
        );
      }
      throw socketError(this.#options.socketPath, call.method, call.path, error);
    }
  }
}

interface Answer {
  readonly status: number;
  readonly text: string;
}

interface Exchange {
  readonly socketPath: string;
  readonly method: string;
  readonly path: string;
  readonly body: string | Uint8Array | undefined;
  readonly contentType: string | undefined;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number;
  readonly idleTimeoutMs: number | undefined;
  /** Receives a 2xx answer's body as it arrives (then `text` is empty). */
  readonly onData: ((chunk: Buffer) => void) | undefined;
}

/** The body of a call as sent: a tar archive as is, anything else as JSON. */
function bodyOf(call: DockerCall): Pick<Exchange, 'body' | 'contentType'> {
  if (call.tar !== undefined) return { body: call.tar, contentType: 'application/x-tar' };
  if (call.body === undefined) return { body: undefined, contentType: undefined };
  return { body: JSON.stringify(call.body), contentType: 'application/json' };
}

function timeoutError(message: string): Error {
  const error = new Error(message);
  error.name = 'TimeoutError';
  return error;
}

/** One HTTP exchange over the socket, with a total and an optional idle timeout. */
function exchange(o: Exchange): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let idle: NodeJS.Timeout | undefined;
    const finish = (error: unknown, answer?: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(idle);
      o.signal?.removeEventListener('abort', onAbort);
      if (answer !== undefined && error === undefined) resolve(answer);
      else reject(error);
    };
    const headers: Record<string, string | number> = { host: 'docker' };
    if (o.body !== undefined) {
      headers['content-type'] = o.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(o.body);
    }
    const req = httpRequest(
      { socketPath: o.socketPath, method: o.method, path: o.path, headers },
      (res) => {
        const status = res.statusCode ?? 0;
        const streaming = o.onData !== undefined && status >= 200 && status < 300;
        // Kept as bytes until the end: exec streams are binary, and a UTF-8 character may
        // straddle two chunks.
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          armIdle();
          if (!streaming) {
            if (size < MAX_ANSWER_BYTES) {
              chunks.push(chunk);
              size += chunk.length;
            }
            return;
          }
          try {
            o.onData?.(chunk);
          } catch (error) {
            req.destroy();
            finish(error);
          }
        });
        res.on('end', () =>
          finish(undefined, { status, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (error) => finish(error));
        res.on('close', () => {
          if (!res.complete)
            finish(
              Object.assign(new Error('the Engine closed the connection mid-answer'), {
                code: 'ECONNRESET',
              }),
            );
        });
      },
    );
    req.on('error', (error) => finish(error));
    const fail = (error: Error) => {
      req.destroy(error);
      finish(error);
    };
    const total = setTimeout(
      () => fail(timeoutError(`no complete answer after ${o.timeoutMs} ms`)),
      o.timeoutMs,
    );
    const armIdle = () => {
      if (o.idleTimeoutMs === undefined) return;
      clearTimeout(idle);
      idle = setTimeout(
        () => fail(timeoutError(`no data for ${o.idleTimeoutMs} ms`)),
        o.idleTimeoutMs,
      );
    };
    const onAbort = () => {
      req.destroy();
      finish(abortError(o.signal));
    };
    if (o.signal?.aborted) return onAbort();
    o.signal?.addEventListener('abort', onAbort, { once: true });
    armIdle();
    req.end(o.body);
  });
}

function emitLine(line: string, onLine: (line: unknown) => void): void {
  const trimmed = line.trim();
  if (trimmed === '') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return;
  }
  onLine(parsed);
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The Engine's error message (`{"message": ...}`), or the start of the raw answer. */
function errorMessage(text: string): string {
  const body = parseJson(text);
  if (body !== null && typeof body === 'object') {
    const message = (body as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    const nested = (body as { error?: { message?: unknown } }).error?.message;
    if (typeof nested === 'string') return nested;
  }
  return text.slice(0, 500) || '(empty answer)';
}

function queryString(query: DockerCall['query']): string {
  if (query === undefined) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

function parseVersion(v: string): [number, number] {
  const [major, minor] = v.split('.').map((n) => Number.parseInt(n, 10));
  return [major ?? 0, minor ?? 0];
}

/** True when API version `a` is older than `b`. */
export function olderApi(a: string, b: string): boolean {
  const [am, an] = parseVersion(a);
  const [bm, bn] = parseVersion(b);
  return am < bm || (am === bm && an < bn);
}

/** The API version to speak with an Engine that speaks `engine` at most. */
export function negotiate(engine: string): string {
  if (olderApi(engine, MIN_API_VERSION)) {
    throw new ProvisionerError(
      'invalid_config',
      `the Docker Engine speaks API ${engine}, older than ${MIN_API_VERSION}: upgrade Docker to 20.10 or newer`,
    );
  }
  return olderApi(engine, MAX_API_VERSION) ? engine : MAX_API_VERSION;
}
