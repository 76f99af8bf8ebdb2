/**
 * The VIES error codes (European Commission, VIES technical information), as the REST API and
 * its test service return them.
 */
export const VIES_ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_REQUESTER_INFO',
  'SERVICE_UNAVAILABLE',
  'MS_UNAVAILABLE',
  'TIMEOUT',
  'VAT_BLOCKED',
  'IP_BLOCKED',
  'GLOBAL_MAX_CONCURRENT_REQ',
  'GLOBAL_MAX_CONCURRENT_REQ_TIME',
  'MS_MAX_CONCURRENT_REQ',
  'MS_MAX_CONCURRENT_REQ_TIME',
] as const;
export type ViesErrorCode = (typeof VIES_ERROR_CODES)[number];

/** A definite VIES answer: the number is (or is not) a valid VAT registration. */
export interface ViesVerdict {
  readonly kind: 'verdict';
  readonly valid: boolean;
  readonly name: string | null;
  readonly address: string | null;
  /** The consultation number (only given when the request named the requester). */
  readonly consultationReference: string | null;
}

/** VIES could not answer; `code` says why (a transport failure is `SERVICE_UNAVAILABLE`). */
export interface ViesFailure {
  readonly kind: 'failure';
  readonly code: ViesErrorCode;
  readonly message: string;
}

/** Asks VIES about one VAT number. */
export interface ViesClient {
  /** `country` is the VIES code (EL for Greece), `number` has no country prefix. */
  check(country: string, number: string): Promise<ViesVerdict | ViesFailure>;
}
