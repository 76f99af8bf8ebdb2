import { z } from 'zod';

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Settings of the script provisioner. The command is an argv list, run without a shell, so
 * nothing in it is ever interpreted; secrets go in `env`, never in `command` (argv is visible
 * to every user of the host through `ps`).
 */
export const ScriptConfigSchema = z
  .object({
    /** The provider's executable and its fixed arguments, e.g. `["/opt/dc/provision.py"]`. */
    command: z
      .array(z.string().min(1, { message: 'expected a non-empty argument' }))
      .min(1, { message: 'expected at least the executable, e.g. ["/opt/dc/provision.sh"]' }),
    /** Longest any action but `provision` may run, ms. */
    timeoutMs: z.number().int().positive().default(60_000),
    /** Longest a `provision` may run, ms (building a server takes a while). */
    provisionTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(15 * 60_000),
    /**
     * Environment of the script, on top of PATH, HOME, LANG, LC_ALL, TZ and TMPDIR from the agent
     * (the agent's other variables are not passed on). The place for the script's API tokens.
     * Values are never logged and are blanked out of error messages.
     */
    env: z
      .record(
        z.string().regex(envName, { message: 'expected an environment variable name' }),
        z.string(),
      )
      .default({}),
    /** Working directory of the script (default: the agent's). */
    cwd: z.string().min(1).optional(),
    /** Most stdout bytes accepted; a script writing more is killed. */
    maxStdoutBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    /** Most stderr bytes accepted; a script writing more is killed. */
    maxStderrBytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024),
    /**
     * Whether `verifySetup` runs the script with action `verify` (a dry call: check credentials
     * and capacity, change nothing). Turn off for a script that does not implement it; then
     * only the executable is checked.
     */
    verify: z.boolean().default(true),
  })
  .strict();

/** Settings of the script provisioner, as written in the agent's config. */
export type ScriptConfigInput = z.input<typeof ScriptConfigSchema>;
/** Settings of the script provisioner, with defaults applied. */
export type ScriptConfig = z.output<typeof ScriptConfigSchema>;
