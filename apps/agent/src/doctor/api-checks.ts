import { type Client, Health, reconcileInstances } from '@dc/client/agent';
import { describeApiError, networkCause } from '../cli/describe-error';
import { lineHint } from '../config/locate';
import type { AgentConfig } from '../config/schema';
import type { CheckLine } from './check';

/** A clock this far from the API's is worth a warning, ms. */
export const CLOCK_WARN_MS = 60_000;
/** A clock this far off makes the API refuse every signature (its window is 5 minutes), ms. */
export const CLOCK_ERROR_MS = 300_000;

/** What the reachability check learned: whether to go on, and the API's clock. */
export interface Reachability {
  readonly line: CheckLine;
  /** The API's time minus ours, ms (from the `Date` header); undefined when unknown. */
  readonly skewMs: number | undefined;
}

/**
 * Whether the API answers `GET /v1/health` as the Decent Cloud API does, and its clock (the
 * `Date` header, compared with the local time halfway through the request).
 */
export async function checkReachable(
  config: AgentConfig,
  options: { readonly now?: () => number; readonly timeoutMs?: number } = {},
): Promise<Reachability> {
  const now = options.now ?? Date.now;
  const hint = `check api.url${lineHint(config.path, ['api', 'url'])} in ${config.path}`;
  const sent = now();
  let response: Response;
  try {
    response = await fetch(`${config.api.url}/v1/health`, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    return {
      line: {
        check: 'api',
        status: 'error',
        message: `cannot reach ${config.api.url}: ${networkCause(error)}; ${hint}`,
      },
      skewMs: undefined,
    };
  }
  const received = now();
  const date = Date.parse(response.headers.get('date') ?? '');
  const skewMs = Number.isNaN(date) ? undefined : date - (sent + received) / 2;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  if (!Health.safeParse(body).success) {
    return {
      line: {
        check: 'api',
        status: 'error',
        message: `${config.api.url} answered HTTP ${response.status} but is not the Decent Cloud API; ${hint}`,
      },
      skewMs,
    };
  }
  if (response.status !== 200) {
    return {
      line: {
        check: 'api',
        status: 'error',
        message: `${config.api.url} is up but unhealthy (HTTP ${response.status}: its database is unreachable); try again later or tell the operator`,
      },
      skewMs,
    };
  }
  return {
    line: { check: 'api', status: 'ok', message: `${config.api.url} is reachable` },
    skewMs,
  };
}

/** Whether this machine's clock is close enough to the API's for signatures to be accepted. */
export function checkClock(skewMs: number | undefined): CheckLine {
  if (skewMs === undefined) {
    return {
      check: 'clock',
      status: 'skipped',
      message: 'the API sent no Date header to compare clocks with',
    };
  }
  const seconds = Math.round(Math.abs(skewMs) / 1000);
  const direction = skewMs > 0 ? 'behind' : 'ahead of';
  if (Math.abs(skewMs) > CLOCK_ERROR_MS) {
    return {
      check: 'clock',
      status: 'error',
      message: `this machine's clock is ${seconds} s ${direction} the API's, so it refuses every signature; sync it (timedatectl set-ntp true)`,
    };
  }
  if (Math.abs(skewMs) > CLOCK_WARN_MS) {
    return {
      check: 'clock',
      status: 'warn',
      message: `this machine's clock is ${seconds} s ${direction} the API's (signatures fail past 300 s); sync it (timedatectl set-ntp true)`,
    };
  }
  return {
    check: 'clock',
    status: 'ok',
    message: `clock within ${Math.max(seconds, 1)} s of the API's`,
  };
}

/**
 * Whether the API accepts this agent key: an empty reconcile needs an active delegation with
 * `report_instances` and changes nothing (a heartbeat would mark the pool online, a lease
 * would take a job).
 */
export async function checkAuthorised(config: AgentConfig, client: Client): Promise<CheckLine> {
  try {
    await reconcileInstances(client, { body: { instances: [] } });
    return { check: 'authorised', status: 'ok', message: 'the API accepts this agent key' };
  } catch (error) {
    return {
      check: 'authorised',
      status: 'error',
      message: describeApiError(error, config.api.url),
    };
  }
}
