/** Stable codes for every way `@dc/crypto` refuses input or fails to verify/open. */
export type CryptoErrorCode =
  | 'invalid_type'
  | 'invalid_length'
  | 'invalid_format'
  | 'invalid_phrase'
  | 'invalid_key'
  | 'too_large'
  | 'unsupported_version'
  | 'not_a_recipient'
  | 'decryption_failed'
  | 'context_mismatch'
  | 'invalid_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'permission_missing'
  | 'unknown_key_id';

/**
 * The one error class of `@dc/crypto`. `code` is stable for programs; `param` names the
 * argument or field at fault; the message says what was expected and what was given (never a
 * secret value).
 */
export class CryptoError extends Error {
  override readonly name = 'CryptoError';
  readonly code: CryptoErrorCode;
  readonly param: string | undefined;

  constructor(
    code: CryptoErrorCode,
    message: string,
    options: { param?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.param = options.param;
  }
}
