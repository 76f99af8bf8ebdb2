import { z } from 'zod';
import {
  VIES_ERROR_CODES,
  type ViesClient,
  type ViesErrorCode,
  type ViesFailure,
  type ViesVerdict,
} from './vies';

/** The requester sent with each check, so VIES returns a consultation number. */
export interface ViesRequester {
  /** VIES country code of the seller. */
  readonly country: string;
  /** The seller's VAT number without its prefix. */
  readonly number: string;
}

const Answer = z.object({
  valid: z.boolean().optional(),
  name: z.string().nullish(),
  address: z.string().nullish(),
  requestIdentifier: z.string().nullish(),
  userError: z.string().nullish(),
  actionSucceed: z.boolean().optional(),
  errorWrappers: z.array(z.object({ error: z.string(), message: z.string().nullish() })).optional(),
});

const KNOWN = new Set<string>(VIES_ERROR_CODES);

/** VIES prints `---` for a name or address it may not disclose. */
function disclosed(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' || trimmed === '---' ? null : trimmed;
}

function failure(code: string, message: string): ViesFailure {
  const known: ViesErrorCode = KNOWN.has(code) ? (code as ViesErrorCode) : 'SERVICE_UNAVAILABLE';
  return { kind: 'failure', code: known, message };
}

/**
 * The VIES REST API (`POST {base}/check-vat-number`, JSON). Errors come either as
 * `errorWrappers` (HTTP 4xx/5xx) or as a `userError` beside `valid: false`; both, and any
 * transport failure or timeout, become a {@link ViesFailure}, never a verdict.
 */
export class HttpViesClient implements ViesClient {
  constructor(
    private readonly baseUrl: string,
    private readonly requester: ViesRequester | null,
    private readonly timeoutMs = 10_000,
  ) {}

  async check(country: string, number: string): Promise<ViesVerdict | ViesFailure> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl.replace(/\/$/, '')}/check-vat-number`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          countryCode: country,
          vatNumber: number,
          ...(this.requester === null
            ? {}
            : {
                requesterMemberStateCode: this.requester.country,
                requesterNumber: this.requester.number,
              }),
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      return failure(
        timedOut ? 'TIMEOUT' : 'SERVICE_UNAVAILABLE',
        `VIES not reachable: ${String(error)}`,
      );
    }
    const parsed = Answer.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      return failure(
        'SERVICE_UNAVAILABLE',
        `VIES answered HTTP ${response.status} without a readable body`,
      );
    }
    const answer = parsed.data;
    const wrapped = answer.errorWrappers?.[0];
    if (wrapped !== undefined) return failure(wrapped.error, wrapped.message ?? wrapped.error);
    const userError = answer.userError ?? null;
    if (userError !== null && userError !== 'VALID' && userError !== 'INVALID') {
      return failure(userError, `VIES: ${userError}`);
    }
    if (!response.ok || answer.valid === undefined) {
      return failure('SERVICE_UNAVAILABLE', `VIES answered HTTP ${response.status}`);
    }
    return {
      kind: 'verdict',
      valid: answer.valid,
      name: disclosed(answer.name),
      address: disclosed(answer.address),
      consultationReference: disclosed(answer.requestIdentifier),
    };
  }
}
