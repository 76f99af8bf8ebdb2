import { base64, base64urlnopad, hex } from '@scure/base';
import { CryptoError } from './errors';

const HEX = /^(?:[0-9a-f]{2})*$/;

/** Checks `value` is a Uint8Array, of `length` bytes when given. */
export function assertBytes(param: string, value: unknown, length?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new CryptoError(
      'invalid_type',
      `"${param}" expected a Uint8Array, got ${describe(value)}`,
      { param },
    );
  }
  if (length !== undefined && value.length !== length) {
    throw new CryptoError(
      'invalid_length',
      `"${param}" expected ${length} bytes, got ${value.length}`,
      { param },
    );
  }
  return value;
}

/** Decodes lower-case hex of exactly `length` bytes (when given). */
export function fromHex(param: string, value: unknown, length?: number): Uint8Array {
  if (typeof value !== 'string') {
    throw new CryptoError(
      'invalid_type',
      `"${param}" expected a hex string, got ${describe(value)}`,
      { param },
    );
  }
  if (!HEX.test(value)) {
    throw new CryptoError(
      'invalid_format',
      `"${param}" expected lower-case hex with an even number of digits`,
      { param },
    );
  }
  if (length !== undefined && value.length !== length * 2) {
    throw new CryptoError(
      'invalid_length',
      `"${param}" expected ${length} bytes (${length * 2} hex digits), got ${value.length} digits`,
      {
        param,
      },
    );
  }
  return hex.decode(value);
}

/** Bytes as a Uint8Array, or hex decoded, of exactly `length` bytes. */
export function bytesOrHex(param: string, value: unknown, length: number): Uint8Array {
  return typeof value === 'string'
    ? fromHex(param, value, length)
    : assertBytes(param, value, length);
}

export const toHex = (bytes: Uint8Array): string => hex.encode(bytes);

/** base64url without padding (envelope v3, secret boxes). */
export const toB64url = (bytes: Uint8Array): string => base64urlnopad.encode(bytes);

export function fromB64url(param: string, value: unknown, length?: number): Uint8Array {
  return decodeWith(base64urlnopad, 'base64url (no padding)', param, value, length);
}

/** Standard padded base64 (legacy v1/v2 envelopes). */
export const toB64 = (bytes: Uint8Array): string => base64.encode(bytes);

export function fromB64(param: string, value: unknown, length?: number): Uint8Array {
  return decodeWith(base64, 'standard base64 with padding', param, value, length);
}

function decodeWith(
  codec: { decode(s: string): Uint8Array },
  what: string,
  param: string,
  value: unknown,
  length: number | undefined,
): Uint8Array {
  if (typeof value !== 'string') {
    throw new CryptoError(
      'invalid_type',
      `"${param}" expected a ${what} string, got ${describe(value)}`,
      { param },
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = codec.decode(value);
  } catch (cause) {
    throw new CryptoError('invalid_format', `"${param}" is not valid ${what}`, { param, cause });
  }
  if (length !== undefined && bytes.length !== length) {
    throw new CryptoError(
      'invalid_length',
      `"${param}" expected ${length} bytes, got ${bytes.length}`,
      { param },
    );
  }
  return bytes;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Constant-time comparison of two byte strings of public length. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

/** A short, safe description of a value for error messages (never calls its toString). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return `${typeof value} ${value}`;
  if (typeof value === 'string') return `string ${JSON.stringify(value.slice(0, 40))}`;
  return typeof value;
}
