import type { z } from 'zod';
import { ProvisionerError } from '../../errors';
import type { SetupReport } from '../../types';

/**
 * A provisioner config parsed once, at construction, without throwing. The local provisioners
 * (docker, script, manual) are built from whatever the agent's config file holds, and a bad
 * config must not crash the agent: `verifySetup` lists the problems ({@link setupFailure}) and
 * every other call fails with `invalid_config` ({@link get}).
 */
export class ParsedConfig<T> {
  /** The config, or `undefined` when it did not parse. */
  readonly value: T | undefined;
  /** One message per problem, each naming the config kind and field (never the value). */
  readonly errors: string[];
  readonly #errorOptions: { readonly retryable?: boolean };

  /**
   * @param what - the config kind, the first word of every message (`docker`, `script`...).
   * @param options.retryable - overrides whether the `invalid_config` error is retryable.
   */
  constructor(
    schema: z.ZodType<T>,
    input: unknown,
    what: string,
    options: { readonly retryable?: boolean } = {},
  ) {
    const parsed = schema.safeParse(input);
    this.value = parsed.success ? parsed.data : undefined;
    this.errors = parsed.success
      ? []
      : parsed.error.issues.map(
          (i) => `${what} config ${i.path.join('.') || '(root)'}: ${i.message}`,
        );
    this.#errorOptions = options;
  }

  /** The config; throws `invalid_config` listing every problem when it did not parse. */
  get(): T {
    if (this.value !== undefined) return this.value;
    throw new ProvisionerError('invalid_config', this.errors.join('; '), this.#errorOptions);
  }

  /** The `verifySetup` answer for a config that did not parse, or `null` when it did. */
  setupFailure(): SetupReport | null {
    return this.value === undefined ? { ok: false, errors: this.errors, warnings: [] } : null;
  }
}
