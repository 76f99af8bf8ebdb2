import { isProvisionerError } from '../../errors';
import { pollUntil } from '../../poll';
import type { Instance } from '../../types';
import type { ProxmoxApi } from './api';
import type { VmRef } from './convert';

/**
 * Runs the post-provision script inside the guest. Proxmox's API cannot upload cloud-init
 * snippets (`cicustom` needs a file on a snippets storage), so the script goes through the guest
 * agent instead: passed on stdin (never through a shell command line), run once (a second
 * provision of the same contract waits for the first run's status instead of running it again),
 * after cloud-init finished, with the same status/log files as the cloud-init recipe.
 */
export const RECIPE_RUNNER = [
  'set -u',
  'mkdir -p /var/lib/dc',
  'if mkdir /var/lib/dc/recipe.started 2>/dev/null; then',
  '  if command -v cloud-init >/dev/null 2>&1; then cloud-init status --wait >/dev/null 2>&1; fi',
  '  cat > /var/lib/dc/recipe.sh && chmod 700 /var/lib/dc/recipe.sh',
  '  /var/lib/dc/recipe.sh > /var/log/dc-recipe.log 2>&1; echo $? > /var/log/dc-recipe.status',
  'else',
  '  while [ ! -f /var/log/dc-recipe.status ]; do sleep 5; done',
  'fi',
  'tail -c 4096 /var/log/dc-recipe.log',
  'exit "$(cat /var/log/dc-recipe.status)"',
].join('\n');

/**
 * Starts the script and waits up to `timeoutMs` for it. A script still running then is reported
 * `pending` (it keeps running in the guest); a non-zero exit is `failed` with the output tail.
 */
export async function runRecipe(
  api: ProxmoxApi,
  vm: VmRef,
  script: string,
  timing: { readonly pollIntervalMs: number; readonly timeoutMs: number },
  signal?: AbortSignal,
): Promise<NonNullable<Instance['recipe']>> {
  const { pid } = await api.agentExec(vm, ['/bin/sh', '-c', RECIPE_RUNNER], script);
  try {
    const status = await pollUntil(
      async () => {
        try {
          const s = await api.agentExecStatus(vm, pid);
          return s.exited === 1 || s.exited === true ? s : undefined;
        } catch (error) {
          if (isProvisionerError(error) && error.retryable && error.code !== 'aborted')
            return undefined;
          throw error;
        }
      },
      {
        what: `the recipe of VM ${vm.vmid}`,
        intervalMs: timing.pollIntervalMs,
        timeoutMs: timing.timeoutMs,
        signal,
      },
    );
    const logTail = `${status['out-data'] ?? ''}${status['err-data'] ?? ''}`.slice(-4096);
    const exitCode = status.exitcode ?? (status.signal !== undefined ? 128 + status.signal : 1);
    return {
      status: exitCode === 0 ? 'succeeded' : 'failed',
      exitCode,
      ...(logTail !== '' ? { logTail } : {}),
    };
  } catch (error) {
    if (isProvisionerError(error) && error.code === 'timeout') return { status: 'pending' };
    throw error;
  }
}
