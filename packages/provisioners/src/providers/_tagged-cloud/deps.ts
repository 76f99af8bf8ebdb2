import type { z } from 'zod';
import { ProvisionerError } from '../../errors';
import type { RetryPolicy } from '../../http/retry';
import type { Logger } from '../../logger';

/** What a tagged-cloud provisioner factory takes besides its config. */
export interface ProvisionerDeps {
  readonly logger?: Logger;
  /** A custom fetch (tests, proxies). */
  readonly fetch?: typeof fetch;
  /** HTTP retry policy (tests shorten the waits). */
  readonly retry?: RetryPolicy;
}

/**
 * Parses a provisioner config, turning zod issues into one `invalid_config` error that names
 * each field and what is wrong with it (values are not echoed: they may be secrets).
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ProvisionerError('invalid_config', `invalid ${what} config: ${issues.join('; ')}`, {
    cause: result.error,
  });
}

/** Like {@link parseConfig}, for the per-offering `ProvisionRequest.config` (`invalid_request`). */
export function parseOfferingConfig<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map(
    (i) => `config.${i.path.join('.') || '(root)'}: ${i.message}`,
  );
  throw new ProvisionerError(
    'invalid_request',
    `invalid ${what} offering config: ${issues.join('; ')}`,
    { cause: result.error },
  );
}

/**
 * Reuses one promise while it is pending or fulfilled, but not after a rejection, so a credential
 * file fixed after a failed read is picked up on the next call.
 */
export function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= make().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
