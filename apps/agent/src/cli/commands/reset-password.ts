import { randomBytes } from 'node:crypto';
import {
  ApiError,
  type GetAgentJobReturnType,
  getAgentJob,
  requestAgentPasswordReset,
} from '@dc/client/agent';
import type { CommandContext } from '../context';
import { describeApiError } from '../describe-error';
import { CliError, EXIT } from '../exit';

/** Flags of `dc-agent reset-password`. */
export interface ResetPasswordFlags {
  readonly contract: string;
  /** Follow the job to its end (default: when a person is at a terminal). */
  readonly wait?: boolean;
  /** How long to follow it, seconds (default 600). */
  readonly timeout?: string;
}

const FINAL = new Set(['completed', 'failed', 'cancelled']);
const POLL_MS = 1_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function timeoutSeconds(flag: string | undefined): number {
  if (flag === undefined) return 600;
  const seconds = Number(flag);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) {
    throw new CliError(
      `--timeout must be whole seconds from 1 to 86400, got "${flag}"`,
      EXIT.usage,
    );
  }
  return seconds;
}

/**
 * `dc-agent reset-password --contract ID`: queues a password reset of a delivered contract of
 * this agent's pool. The agent running the job (this one under `dc-agent run`, or another of the
 * pool) sets a new password and seals it to the renter's keys; nobody else sees it. With
 * `--wait` it follows the job until it is done or failed.
 */
export async function resetPasswordCommand(
  context: CommandContext,
  flags: ResetPasswordFlags,
): Promise<void> {
  if (!UUID.test(flags.contract)) {
    throw new CliError(
      `--contract must be a contract id (a UUID), got "${flags.contract}"`,
      EXIT.usage,
    );
  }
  const timeoutMs = timeoutSeconds(flags.timeout) * 1000;
  const config = context.agentConfig();
  const client = context.client(config, context.identity(config));
  const { output } = context;
  let job: Awaited<ReturnType<typeof requestAgentPasswordReset>>;
  try {
    job = await requestAgentPasswordReset(client, {
      id: flags.contract,
      body: { idempotency_key: `cli-${randomBytes(12).toString('hex')}` },
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      throw new CliError(
        `contract ${flags.contract} is not a contract of this agent's pool; check the id (contracts of other pools and providers are not visible to it)`,
      );
    }
    if (error instanceof ApiError && error.code === 'contract_not_running') {
      throw new CliError(
        `${error.problem.detail ?? 'the contract is not delivered'} Nothing was queued.`,
      );
    }
    throw new CliError(describeApiError(error, config.api.url));
  }
  const fields = { contract_id: flags.contract, job_id: job.job_id };
  if (!(flags.wait ?? context.interactive)) {
    output.result('password reset queued', { ...fields, status: job.status }, [
      `Queued password reset job ${job.job_id} for contract ${flags.contract}.`,
      'The agent sets a new password and seals it to the renter, who opens it in the dashboard.',
    ]);
    return;
  }
  output.info(`Queued password reset job ${job.job_id}; waiting for the agent to run it`, {
    ...fields,
    status: job.status,
  });
  const deadline = Date.now() + timeoutMs;
  let state: GetAgentJobReturnType | undefined;
  let reported: string | null = null;
  await output.step('Waiting for the password reset', async () => {
    for (;;) {
      try {
        state = await getAgentJob(client, { id: job.job_id });
      } catch (error) {
        throw new CliError(describeApiError(error, config.api.url));
      }
      if (FINAL.has(state.status)) return;
      if (state.last_error !== null && state.last_error !== reported) {
        reported = state.last_error;
        output.warn(
          `attempt ${state.attempt} failed and will be retried: ${state.last_error}`,
          fields,
        );
      }
      if (Date.now() >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });
  const final = state as GetAgentJobReturnType;
  if (final.status === 'completed') {
    output.result('password reset done', { ...fields, status: final.status }, [
      `Password of contract ${flags.contract} reset; the renter opens the new one in the dashboard (sealed to their keys).`,
    ]);
    return;
  }
  if (final.status === 'failed' || final.status === 'cancelled') {
    throw new CliError(
      `the password reset ${final.status}${final.last_error ? `: ${final.last_error}` : ''}`,
    );
  }
  throw new CliError(
    `the password reset job ${job.job_id} is still ${final.status} after ${timeoutMs / 1000} s; is an agent of the pool running (dc-agent status)?`,
  );
}
