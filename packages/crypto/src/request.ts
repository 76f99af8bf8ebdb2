import { sha256 } from '@noble/hashes/sha2.js';
import { bytesOrHex, describe, fromHex, toHex, utf8 } from './_bytes';
import { type RandomSource, randomBytes } from './_random';
import { CryptoError } from './errors';
import { identityFromSecretKey } from './identity';
import type { ReplayGuard } from './replay-guard';
import { type Ed25519Signer, type Ed25519Verifier, sign, verifySignature } from './signature';

/** The four headers of a signed request (spec: agent-protocol.md §2). */
export const SIGNATURE_HEADERS = Object.freeze({
  key: 'X-DC-Key',
  timestamp: 'X-DC-Timestamp',
  nonce: 'X-DC-Nonce',
  signature: 'X-DC-Signature',
} as const);

/** First line of every canonical request; a new format gets a new tag. */
export const REQUEST_FORMAT_TAG = 'DC-REQUEST-V1';

/** How far a request's timestamp may be from the verifier's clock: 300 s. */
export const DEFAULT_REQUEST_WINDOW_MS = 300_000;

/** A request body as sent: bytes, or a string sent as UTF-8. Absent = empty. */
export type RequestBody = Uint8Array | string | null | undefined;

/** What the canonical message is made of. */
export interface CanonicalRequestParts {
  readonly method: string;
  /** Path with query string exactly as sent, e.g. `/v1/offerings?q=cores%3A%3E%3D4`. */
  readonly path: string;
  /** The `Host` header value (lower-cased in the message). */
  readonly host: string;
  /** Unix time in milliseconds. */
  readonly timestamp: number;
  /** 16 bytes as 32 lower-case hex digits. */
  readonly nonce: string;
  readonly body?: RequestBody;
}

/**
 * The exact UTF-8 text that is signed, lines joined by `\n`, no trailing newline:
 * `DC-REQUEST-V1`, METHOD (upper-case), path with query as sent, host (lower-case), timestamp
 * (ms), nonce, hex SHA-256 of the raw body bytes (of the empty string when there is none).
 */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  checkText('method', parts?.method, METHOD, 'an HTTP method such as GET or POST');
  checkText(
    'path',
    parts.path,
    PATH,
    'a path starting with "/" (query string included), without spaces',
  );
  checkText('host', parts.host, HOST, 'a Host header value such as api.example.com:8443');
  return [
    REQUEST_FORMAT_TAG,
    parts.method.toUpperCase(),
    parts.path,
    parts.host.toLowerCase(),
    String(parts.timestamp),
    parts.nonce,
    toHex(sha256(bodyBytes(parts.body))),
  ].join('\n');
}

/** Parameters of {@link signRequest}. */
export interface SignRequestParameters {
  /** The signer's 32-byte Ed25519 secret key (bytes or hex). */
  readonly secretKey: Uint8Array | string;
  readonly method: string;
  /** The full URL the request goes to; path, query and host are taken from it as sent. */
  readonly url: string | URL;
  readonly body?: RequestBody;
  /** Defaults to `Date.now()`. */
  readonly timestamp?: number;
  /** Defaults to 16 random bytes. */
  readonly nonce?: string;
  /** For vector generation only. */
  readonly random?: RandomSource;
  /** Signs the canonical message; defaults to the pure-JS `sign` (e.g. `nodeSign` of `@dc/crypto/node`). */
  readonly signer?: Ed25519Signer;
  /**
   * The secret key's public key in hex, when the caller already knows it (saves deriving it
   * on every request). Must belong to `secretKey`: a wrong one makes every request fail.
   */
  readonly publicKeyHex?: string;
}

/** The headers to add to a request. */
export type SignedRequestHeaders = {
  readonly [K in (typeof SIGNATURE_HEADERS)[keyof typeof SIGNATURE_HEADERS]]: string;
};

/** Signs a request: returns the four `X-DC-*` headers to send with it. */
export function signRequest(params: SignRequestParameters): SignedRequestHeaders {
  const url = parseUrl(params.url);
  const identity =
    params.publicKeyHex === undefined
      ? identityFromSecretKey(params.secretKey)
      : {
          secretKey: bytesOrHex('secretKey', params.secretKey, 32),
          publicKeyHex: toHex(fromHex('publicKeyHex', params.publicKeyHex, 32)),
        };
  const timestamp = params.timestamp ?? Date.now();
  assertTimestamp('timestamp', timestamp);
  const nonce = params.nonce ?? toHex((params.random ?? randomBytes)(16));
  fromHex('nonce', nonce, 16);
  const message = canonicalRequest({
    method: params.method,
    path: url.pathname + url.search,
    host: url.host,
    timestamp,
    nonce,
    body: params.body,
  });
  return {
    'X-DC-Key': identity.publicKeyHex,
    'X-DC-Timestamp': String(timestamp),
    'X-DC-Nonce': nonce,
    'X-DC-Signature': toHex((params.signer ?? sign)(utf8(message), identity.secretKey)),
  };
}

/** Why a request was refused; `status` is the HTTP status to answer with. */
export type RequestRejection =
  | {
      readonly ok: false;
      readonly status: 401;
      readonly code: 'missing_header';
      readonly header: string;
      readonly message: string;
    }
  | {
      readonly ok: false;
      readonly status: 400;
      readonly code: 'malformed_header';
      readonly header: string;
      readonly message: string;
    }
  | {
      readonly ok: false;
      readonly status: 400;
      readonly code: 'malformed_request';
      readonly message: string;
    }
  | {
      readonly ok: false;
      readonly status: 401;
      readonly code: 'timestamp_out_of_window' | 'bad_signature' | 'replayed_nonce';
      readonly message: string;
    }
  | {
      readonly ok: false;
      readonly status: 503;
      readonly code: 'replay_guard_unavailable';
      readonly message: string;
    };

/** A verified request: who signed it. */
export interface VerifiedRequest {
  readonly ok: true;
  readonly publicKey: Uint8Array;
  readonly publicKeyHex: string;
  readonly timestamp: number;
  readonly nonce: string;
}

/** Parameters of {@link verifyRequest}. */
export interface VerifyRequestParameters {
  readonly method: string;
  /** Path with query string exactly as received on the request line. */
  readonly path: string;
  /** The `Host` header as received. */
  readonly host: string;
  /** Request headers (a `Headers` object or a plain record; names are case-insensitive). */
  readonly headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body bytes as received. */
  readonly body?: RequestBody;
  /** The verifier's clock, ms. */
  readonly now: number;
  /** Allowed distance between `now` and the request timestamp (default 300 000 ms). */
  readonly windowMs?: number;
  /** Where seen nonces are kept; required, because a signature alone can be replayed. */
  readonly replayGuard: ReplayGuard;
  /** Ed25519 verification (default: pure, strict RFC 8032; see `@dc/crypto/node`). */
  readonly verify?: Ed25519Verifier;
}

const METHOD = /^[A-Za-z]{1,16}$/;
const PATH = /^\/[\x21-\x7e]*$/;
const HOST = /^[\x21-\x7e]{1,255}$/;
const TIMESTAMP = /^[0-9]{1,16}$/;
const NONCE = /^[0-9a-f]{32}$/;
const KEY = /^[0-9a-f]{64}$/;
const SIGNATURE = /^[0-9a-f]{128}$/;

/**
 * Verifies a signed request: headers present (else 401) and well-formed (else 400), timestamp
 * within the window (401), signature over the canonical message (401), nonce not seen before
 * for this key (401). The nonce is recorded only after the signature verifies, so nobody can
 * burn another key's nonces. Never throws for bad input.
 */
export async function verifyRequest(
  params: VerifyRequestParameters,
): Promise<VerifiedRequest | RequestRejection> {
  const read = headerReader(params.headers);
  const values: Partial<Record<keyof typeof SIGNATURE_HEADERS, string>> = {};
  for (const [field, name] of Object.entries(SIGNATURE_HEADERS) as [
    keyof typeof SIGNATURE_HEADERS,
    string,
  ][]) {
    const value = read(name);
    if (value === undefined) {
      return {
        ok: false,
        status: 401,
        code: 'missing_header',
        header: name,
        message: `Missing header ${name}; sign the request with @dc/crypto signRequest.`,
      };
    }
    values[field] = value;
  }
  const { key = '', timestamp = '', nonce = '', signature = '' } = values;
  const formats: [string, RegExp, string, string][] = [
    [SIGNATURE_HEADERS.key, KEY, key, '64 lower-case hex digits (Ed25519 public key)'],
    [SIGNATURE_HEADERS.timestamp, TIMESTAMP, timestamp, 'Unix time in milliseconds, digits only'],
    [SIGNATURE_HEADERS.nonce, NONCE, nonce, '32 lower-case hex digits (16 random bytes)'],
    [
      SIGNATURE_HEADERS.signature,
      SIGNATURE,
      signature,
      '128 lower-case hex digits (Ed25519 signature)',
    ],
  ];
  for (const [name, pattern, value, expected] of formats) {
    if (!pattern.test(value))
      return {
        ok: false,
        status: 400,
        code: 'malformed_header',
        header: name,
        message: `Header ${name} must be ${expected}.`,
      };
  }
  const ts = Number(timestamp);
  const window = params.windowMs ?? DEFAULT_REQUEST_WINDOW_MS;
  if (Math.abs(params.now - ts) > window) {
    return {
      ok: false,
      status: 401,
      code: 'timestamp_out_of_window',
      message: `Request timestamp is ${Math.round((ts - params.now) / 1000)} s from the server clock; at most ${window / 1000} s is allowed. Check the client clock.`,
    };
  }
  const publicKey = fromHex('X-DC-Key', key, 32);
  let message: string;
  try {
    message = canonicalRequest({
      method: params.method,
      path: params.path,
      host: params.host,
      timestamp: ts,
      nonce,
      body: params.body,
    });
  } catch (e) {
    return {
      ok: false,
      status: 400,
      code: 'malformed_request',
      message: e instanceof Error ? e.message : 'malformed request',
    };
  }
  const verify = params.verify ?? verifySignature;
  if (!verify(fromHex('X-DC-Signature', signature, 64), utf8(message), publicKey)) {
    return {
      ok: false,
      status: 401,
      code: 'bad_signature',
      message:
        'Signature does not match the canonical request (method, path with query, host, timestamp, nonce, body hash).',
    };
  }
  let fresh: boolean;
  try {
    fresh = await params.replayGuard.remember(key, nonce, ts + window, params.now);
  } catch {
    return {
      ok: false,
      status: 503,
      code: 'replay_guard_unavailable',
      message: 'Cannot check the request nonce right now; retry with a new nonce.',
    };
  }
  if (!fresh)
    return {
      ok: false,
      status: 401,
      code: 'replayed_nonce',
      message: 'This nonce was already used with this key; sign every request with a new nonce.',
    };
  return { ok: true, publicKey, publicKeyHex: key, timestamp: ts, nonce };
}

function headerReader(
  headers: VerifyRequestParameters['headers'],
): (name: string) => string | undefined {
  if (typeof Headers !== 'undefined' && headers instanceof Headers)
    return (name) => headers.get(name) ?? undefined;
  const lower = new Map<string, string | readonly string[] | undefined>();
  for (const [k, v] of Object.entries(headers)) lower.set(k.toLowerCase(), v);
  return (name) => {
    const value = lower.get(name.toLowerCase());
    // A repeated header is ambiguous: treat it as malformed by joining, which fails the format.
    return Array.isArray(value) ? value.join(',') : (value as string | undefined);
  };
}

function bodyBytes(body: RequestBody): Uint8Array {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === 'string') return utf8(body);
  if (body instanceof Uint8Array) return body;
  throw new CryptoError(
    'invalid_type',
    `"body" expected a Uint8Array, a string or nothing, got ${describe(body)}`,
    { param: 'body' },
  );
}

function parseUrl(url: string | URL): URL {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch (cause) {
    const shown = typeof url === 'string' ? JSON.stringify(url.slice(0, 80)) : describe(url);
    throw new CryptoError(
      'invalid_format',
      `"url" expected an absolute URL (https://host/path?query), got ${shown}`,
      {
        param: 'url',
        cause,
      },
    );
  }
}

function checkText(param: string, value: unknown, pattern: RegExp, expected: string): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new CryptoError(
      'invalid_format',
      `"${param}" expected ${expected}, got ${typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : describe(value)}`,
      {
        param,
      },
    );
  }
}

function assertTimestamp(param: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new CryptoError(
      'invalid_format',
      `"${param}" expected Unix time in whole milliseconds, got ${describe(value)}`,
      { param },
    );
  }
}
