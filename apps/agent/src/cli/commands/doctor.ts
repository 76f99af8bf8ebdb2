import type { CheckLine } from '../../doctor/check';
import { runDoctor } from '../../doctor/run-doctor';
import type { CommandContext } from '../context';
import { CliError, EXIT } from '../exit';

/** Flags of `dc-agent doctor`. */
export interface DoctorFlags {
  /** `true`: the default provisioner; a string: that provisioner. */
  readonly testProvision?: string | boolean;
}

/**
 * `dc-agent doctor`: checks the config, the key, the API, the clock and every provisioner,
 * one line per check; a failed check says what to fix. Exit 0 when nothing failed (warnings
 * allowed), 1 when a check failed, 2 when the config itself is broken.
 */
export async function doctorCommand(context: CommandContext, flags: DoctorFlags): Promise<void> {
  const { output } = context;
  const print = (line: CheckLine) => {
    const fields = { check: line.check, status: line.status };
    if (line.status === 'ok') output.success(line.message, fields);
    else if (line.status === 'warn') output.warn(line.message, fields);
    else if (line.status === 'error') output.error(line.message, fields);
    else output.info(`- ${line.message}`, fields);
  };
  // No spinner around the checks: their lines are printed as they come.
  const result = await runDoctor({
    loadConfig: () => context.config(),
    client: (config, identity) => context.client(config, identity),
    // A person reads the check lines, which already say what failed; the provisioners' retry
    // warnings would only repeat them as JSON on stderr.
    logger: output.mode === 'human' ? output.logger.child({}, { level: 'error' }) : output.logger,
    ...(flags.testProvision === undefined ? {} : { testProvision: flags.testProvision }),
    onLine: print,
  });
  const failed = result.lines.filter((line) => line.status === 'error').length;
  const warned = result.lines.filter((line) => line.status === 'warn').length;
  if (result.configBroken) {
    throw new CliError(
      `fix the config file first (${failed === 1 ? '1 problem' : `${failed} problems`} above), then run dc-agent doctor again`,
      EXIT.usage,
    );
  }
  if (failed > 0) {
    throw new CliError(
      `${failed === 1 ? '1 check' : `${failed} checks`} failed; fix what the lines above say, then run dc-agent doctor again`,
    );
  }
  output.result('doctor', { ok: true, warnings: warned }, [
    warned === 0
      ? 'All checks passed.'
      : `All checks passed, with ${warned === 1 ? '1 warning' : `${warned} warnings`}.`,
  ]);
}
