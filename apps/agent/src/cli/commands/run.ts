import { buildProvisioners } from '../../config/provisioners';
import type { Output } from '../../output/output';
import { type RuntimeEvent, startRuntime } from '../../runtime';
import { AGENT_VERSION } from '../../version';
import type { CommandContext } from '../context';

/** One human line for a runtime event (null: not worth a line). */
function eventLine(
  event: RuntimeEvent,
): { level: 'info' | 'success' | 'warn' | 'error'; text: string } | null {
  switch (event.type) {
    case 'started':
      return {
        level: 'success',
        text: `dc-agent ${AGENT_VERSION} running (pid ${event.pid}); Ctrl-C stops it`,
      };
    case 'job_started':
      return {
        level: 'info',
        text: `${event.kind} of contract ${event.contractId} started (attempt ${event.attempt})`,
      };
    case 'job_completed':
      return {
        level: 'success',
        text: `${event.kind} of contract ${event.contractId} done (contract ${event.contractStatus})`,
      };
    case 'job_failed':
      return {
        level: 'error',
        text: `${event.kind} of contract ${event.contractId} failed${event.retryable ? ' (will be retried)' : ''}: ${event.error}`,
      };
    case 'job_dropped':
      return {
        level: 'warn',
        text: `${event.kind} of contract ${event.contractId} dropped: ${event.reason}`,
      };
    case 'job_released':
      return {
        level: 'warn',
        text: `${event.kind} of contract ${event.contractId} handed back to the queue`,
      };
    case 'api_unreachable':
      return { level: 'warn', text: `API unreachable, retrying: ${event.error}` };
    case 'api_recovered':
      return {
        level: 'success',
        text: `API reachable again after ${Math.round(event.downMs / 1000)} s`,
      };
    case 'api_refused':
      return { level: 'error', text: `the API refused this agent: ${event.error}` };
    case 'instance_terminated':
      return {
        level: 'info',
        text: `deleted ${event.provisioner} instance ${event.externalId} (${event.why === 'orphan' ? 'orphan' : `contract ${event.contractId} ended`})`,
      };
    case 'stopping':
      return { level: 'info', text: `stopping (${event.reason}): finishing running jobs` };
    case 'stopped':
      return { level: 'success', text: 'stopped' };
    default:
      return null;
  }
}

function printEvent(output: Output, event: RuntimeEvent): void {
  const line = eventLine(event);
  if (line !== null) output[line.level](line.text);
}

/**
 * `dc-agent run`: loads the config and key, builds the provisioners and runs the daemon until
 * SIGTERM or SIGINT, which stop it gracefully (running jobs finish or go back to the queue
 * within `shutdown_timeout_seconds`); then exits 0. A second signal exits at once.
 */
export async function runCommand(context: CommandContext): Promise<void> {
  const config = context.config();
  const identity = context.identity(config);
  const { output } = context;
  const provisioners = await buildProvisioners(config, output.logger);
  const runtime = startRuntime({
    apiUrl: config.api.url,
    identity,
    provisioners,
    stateDir: config.agent.stateDir,
    concurrency: config.agent.concurrency,
    heartbeatIntervalMs: config.agent.heartbeatIntervalMs,
    healthIntervalMs: config.agent.healthIntervalMs,
    reconcileIntervalMs: config.agent.reconcileIntervalMs,
    orphanGraceMs: config.agent.orphanGraceMs,
    shutdownTimeoutMs: config.agent.shutdownTimeoutMs,
    version: AGENT_VERSION,
    logger: output.logger,
    ...(output.mode === 'human'
      ? { onEvent: (event: RuntimeEvent) => printEvent(output, event) }
      : {}),
  });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      output.error(
        `${signal} again: exiting now; running jobs return to the queue when their leases expire`,
      );
      process.exit(1);
    }
    runtime.stop(signal).catch((error: unknown) => {
      output.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    await runtime.done;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
