import { describe } from './_bytes';
import { CryptoError } from './errors';

/** A JSON object given as text or already parsed; anything else is a typed error naming `param`. */
export function parseJsonObject(param: string, input: unknown): object {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (cause) {
      throw new CryptoError('invalid_format', `"${param}" is not valid JSON`, { param, cause });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CryptoError('invalid_type', `"${param}" expected an object, got ${describe(value)}`, {
      param,
    });
  }
  return value;
}
