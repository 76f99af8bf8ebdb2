import { isProvisionerError, ProvisionerError } from '../../errors';
import { type RetryPolicy, withRetry } from '../../http/retry';
import type { Logger } from '../../logger';
import { pullError } from './errors';
import type { DockerClient } from './socket-client';
import type { WirePullLine } from './wire';

/** `fromImage` and `tag` of a pull, from an image reference. */
export function splitImageRef(ref: string): { fromImage: string; tag: string | undefined } {
  // A digest pins the image: pass it whole, without a tag.
  if (ref.includes('@')) return { fromImage: ref, tag: undefined };
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  // A colon before the last slash is a registry port (`registry:5000/app`), not a tag.
  if (colon > slash) return { fromImage: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { fromImage: ref, tag: 'latest' };
}

/** Settings of {@link pullImage}. */
export interface PullOptions {
  readonly logger: Logger;
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs: number;
  /** Longest silence in the progress stream, ms (default 120 000). */
  readonly idleTimeoutMs?: number;
  readonly retry?: RetryPolicy | undefined;
}

/**
 * Pulls `ref` through `POST /images/create`. The Engine answers 200 at once and streams JSON
 * lines: progress per layer (logged at debug, once per layer and status so a 2 GB pull does not
 * write thousands of lines), then either a final status or an error line; the error line is
 * how a failed pull reports (the HTTP status is already 200), so it becomes the thrown error.
 * A pull is idempotent, so failures that may pass (network, registry rate limits) are retried.
 */
export async function pullImage(
  client: DockerClient,
  ref: string,
  options: PullOptions,
): Promise<void> {
  const { fromImage, tag } = splitImageRef(ref);
  await withRetry(
    async () => {
      let failure: string | undefined;
      let lastStatus: string | undefined;
      const seen = new Map<string, string>();
      const started = Date.now();
      const streamed = client.stream(
        {
          method: 'POST',
          path: '/images/create',
          query: { fromImage, tag },
          signal: options.signal,
          timeoutMs: options.timeoutMs,
          idleTimeoutMs: options.idleTimeoutMs ?? 120_000,
        },
        (raw) => {
          if (raw === null || typeof raw !== 'object') return;
          const line = raw as WirePullLine;
          if (line.error !== undefined || line.errorDetail !== undefined) {
            failure = line.errorDetail?.message ?? line.error ?? 'unknown pull error';
            return;
          }
          if (line.status === undefined) return;
          lastStatus = line.status;
          const key = line.id ?? '';
          if (seen.get(key) === line.status) return;
          seen.set(key, line.status);
          options.logger.debug(
            {
              image: ref,
              layer: line.id,
              status: line.status,
              current: line.progressDetail?.current,
              total: line.progressDetail?.total,
            },
            'docker pull progress',
          );
        },
      );
      try {
        await streamed;
      } catch (error) {
        // The Engine refuses an unknown or forbidden image before streaming (404/401/403/400).
        const refused =
          isProvisionerError(error) &&
          ['not_found', 'auth_failed', 'invalid_request'].includes(error.code);
        throw refused
          ? pullError(
              ref,
              error.message.replace(/^Docker POST \/images\/create answered \d+: /, ''),
            )
          : error;
      }
      if (failure !== undefined) throw pullError(ref, failure);
      options.logger.info(
        { image: ref, ms: Date.now() - started, status: lastStatus },
        'docker image pulled',
      );
    },
    options.retry,
    options.signal,
  );
}

/** A ProvisionerError for an image that is missing while pulling is turned off. */
export function imageMissing(ref: string): ProvisionerError {
  return new ProvisionerError(
    'invalid_config',
    `image ${ref} is not on this host and pullPolicy is "never": pull it (docker pull ${ref}) or set pullPolicy to "missing"`,
  );
}
