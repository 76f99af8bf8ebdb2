import { isProvisionerError } from '../../errors';
import type { Logger } from '../../logger';
import type { Instance } from '../../types';
import { type ExecResult, execInContainer } from './exec';
import type { DockerClient } from './socket-client';
import { tarFile } from './tar';

/** How a recipe went, as `Instance.recipe` reports it. */
export type RecipeResult = NonNullable<Instance['recipe']>;

/** Where the recipe is put in the container (as on the cloud-init platforms). */
export const RECIPE_SCRIPT_PATH = '/var/lib/dc/recipe.sh';
/** Everything the recipe printed, stdout and stderr in the order written. */
export const RECIPE_LOG_PATH = '/var/log/dc-recipe.log';
/**
 * The marker: `running` while the recipe runs, then its exit code on the first line and the
 * tail of its log after it. It lives in the container, so it outlives the agent's memory.
 */
export const RECIPE_STATUS_PATH = '/var/lib/dc/recipe.status';
/** Most output reported, bytes (`Instance.recipe.logTail` holds at most 4 KiB). */
export const RECIPE_TAIL_BYTES = 4096;

/**
 * The shell program the recipe runs under (`/bin/sh -c`). It is a constant: the recipe itself
 * travels as a file (see {@link putRecipe}), so nothing of it is ever parsed by a shell here.
 *
 * - Claims the run by creating the marker with `set -C` (O_EXCL): of two provisions of one
 *   contract, or a retry after an agent crash, only one runs the recipe; the other waits for
 *   the marker to hold an exit code and reports that.
 * - Writes the outcome to the marker with a rename, so a reader sees `running` or the whole
 *   outcome, never half of it.
 * - Prints the log tail and exits with the recipe's exit code.
 *
 * A container restarted while its recipe ran leaves the marker at `running`: the recipe was
 * killed, and waiting for it ends in the provisioner's timeout.
 */
export const RECIPE_WRAPPER = [
  'set -u',
  `status=${RECIPE_STATUS_PATH}`,
  'mkdir -p /var/lib/dc /var/log',
  'if (set -C; echo running > "$status") 2>/dev/null; then',
  `  ${RECIPE_SCRIPT_PATH} > ${RECIPE_LOG_PATH} 2>&1`,
  '  code=$?',
  `  { echo "$code"; tail -c ${RECIPE_TAIL_BYTES} ${RECIPE_LOG_PATH}; } > "$status.new"`,
  '  mv -f "$status.new" "$status"',
  'else',
  '  [ -f "$status" ] || { echo "dc: cannot create $status" >&2; exit 125; }',
  '  while [ "$(head -n 1 "$status")" = running ]; do sleep 1; done',
  'fi',
  'tail -n +2 "$status"',
  'exit "$(head -n 1 "$status")"',
].join('\n');

/** Timing and logging of {@link runRecipe} and {@link readRecipe}. */
export interface RecipeOptions {
  readonly signal?: AbortSignal | undefined;
  /** Longest the recipe may run, ms. */
  readonly timeoutMs: number;
  /** Timeout of the short execs (reading the marker), ms. */
  readonly callTimeoutMs: number;
  /** Wait between exit-code checks, ms. */
  readonly pollIntervalMs: number;
  readonly logger: Logger;
}

/**
 * Runs the recipe in a running container and reports how it went. On a container this call
 * did not create (`adopted`), the marker is read first: a recipe that already ran is reported,
 * not run again; one still running is waited for.
 *
 * A recipe that exits non-zero, cannot be delivered (read-only root filesystem, no `/bin/sh`)
 * or outlasts `timeoutMs` is `failed`: the instance is still handed over, as on the cloud-init
 * platforms. A failure that may pass (the Engine unreachable) and an abort throw, so the
 * provision is tried again and adopts the container, whose marker prevents a second run.
 */
export async function runRecipe(
  client: DockerClient,
  containerId: string,
  script: string,
  adopted: boolean,
  options: RecipeOptions,
): Promise<RecipeResult> {
  const started = Date.now();
  const result = await attempt(client, containerId, script, adopted, options);
  // The output tail stays out of the log: a recipe may print secrets.
  const { logTail: _, ...outcome } = result;
  options.logger[result.status === 'succeeded' ? 'info' : 'warn'](
    { container: containerId, ...outcome, ms: Date.now() - started },
    'docker recipe ended',
  );
  return result;
}

async function attempt(
  client: DockerClient,
  containerId: string,
  script: string,
  adopted: boolean,
  options: RecipeOptions,
): Promise<RecipeResult> {
  try {
    const seen = adopted ? await readRecipe(client, containerId, options) : undefined;
    if (seen?.status === 'succeeded' || seen?.status === 'failed') return seen;
    // A recipe already claimed (`pending`) keeps its file; it is waited for, not put again.
    if (seen?.status !== 'pending') await putRecipe(client, containerId, script, options.signal);
    const run = await execInContainer(client, containerId, ['/bin/sh', '-c', RECIPE_WRAPPER], {
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      tailBytes: RECIPE_TAIL_BYTES,
      pollIntervalMs: options.pollIntervalMs,
      exitTimeoutMs: options.callTimeoutMs,
    });
    return fromRun(run, options.timeoutMs);
  } catch (error) {
    if (!isProvisionerError(error) || error.retryable) throw error;
    const message = `the recipe could not be run: ${error.message}`;
    return { status: 'failed', message: message.slice(0, 1024) };
  }
}

/**
 * What the marker in a running container says: `not_run` without one, `pending` while the
 * recipe runs, else its outcome; `unknown` when it cannot be read (an image without `cat`).
 */
export async function readRecipe(
  client: DockerClient,
  containerId: string,
  options: Omit<RecipeOptions, 'timeoutMs'>,
): Promise<RecipeResult> {
  const read = await execInContainer(client, containerId, ['cat', RECIPE_STATUS_PATH], {
    signal: options.signal,
    timeoutMs: options.callTimeoutMs,
    // The exit-code line and the log tail.
    tailBytes: RECIPE_TAIL_BYTES + 64,
    pollIntervalMs: options.pollIntervalMs,
    exitTimeoutMs: options.callTimeoutMs,
  });
  if (read.state === 'timed_out')
    return { status: 'unknown', message: `reading ${RECIPE_STATUS_PATH} timed out` };
  // cat exits 1 when the file is missing: the recipe was never started in this container.
  if (read.exitCode === 1) return { status: 'not_run' };
  if (read.exitCode !== 0) {
    return {
      status: 'unknown',
      message: `reading ${RECIPE_STATUS_PATH} failed (exit code ${read.exitCode}): ${read.output.slice(0, 300)}`,
    };
  }
  return parseMarker(read.output);
}

/** The marker's text as a result. */
export function parseMarker(text: string): RecipeResult {
  const newline = text.indexOf('\n');
  const first = (newline < 0 ? text : text.slice(0, newline)).trim();
  if (first === 'running') return { status: 'pending' };
  if (!/^\d{1,3}$/.test(first))
    return { status: 'unknown', message: `${RECIPE_STATUS_PATH} holds no exit code` };
  return withTail(Number(first), newline < 0 ? '' : text.slice(newline + 1));
}

/** Puts the script into the container as a root-owned 0700 file, through a tar archive. */
async function putRecipe(
  client: DockerClient,
  containerId: string,
  script: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  await client.request({
    method: 'PUT',
    path: `/containers/${encodeURIComponent(containerId)}/archive`,
    // Extracted at the root, so the archive's relative path lands at RECIPE_SCRIPT_PATH.
    query: { path: '/', noOverwriteDirNonDir: true },
    tar: tarFile({
      name: RECIPE_SCRIPT_PATH.slice(1),
      content: Buffer.from(script, 'utf8'),
      mode: 0o700,
    }),
    signal,
  });
}

function fromRun(run: ExecResult, timeoutMs: number): RecipeResult {
  if (run.state === 'timed_out') {
    return {
      status: 'failed',
      message: `the recipe did not finish within ${duration(timeoutMs)} (recipeTimeoutMs); it may still be running in the container, and getInstance reports its outcome once it ends`,
    };
  }
  return withTail(run.exitCode, run.output);
}

function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function withTail(exitCode: number, output: string): RecipeResult {
  // At most 4096 characters, as the schema allows (a byte tail can decode to fewer, not more).
  const logTail = output.slice(-RECIPE_TAIL_BYTES);
  return {
    status: exitCode === 0 ? 'succeeded' : 'failed',
    exitCode,
    ...(logTail !== '' ? { logTail } : {}),
  };
}
