import { Command, CommanderError, Option } from 'commander';
import { AGENT_VERSION } from '../version';
import { doctorCommand } from './commands/doctor';
import { initCommand } from './commands/init';
import { registerCommand } from './commands/register';
import { type ResetPasswordFlags, resetPasswordCommand } from './commands/reset-password';
import { runCommand } from './commands/run';
import { statusCommand } from './commands/status';
import { type CommandContext, commandContext, type GlobalOptions } from './context';
import { toCliError } from './describe-error';
import { EXIT } from './exit';

const examples = (...lines: string[]) =>
  `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;

/** Runs a command's action with its context; failures become one line and an exit code. */
function action<A extends unknown[]>(
  state: { exitCode: number },
  work: (context: CommandContext, ...args: A) => Promise<void> | void,
) {
  return async (...args: [...A, Command]) => {
    const command = args.at(-1) as Command;
    const context = commandContext(
      command.optsWithGlobals<GlobalOptions>(),
      command.name() === 'run',
    );
    let apiUrl: string | undefined;
    try {
      try {
        apiUrl = context.agentConfig().api.url;
      } catch {
        // The command itself reports a broken config.
      }
      await work(context, ...(args.slice(0, -1) as A));
    } catch (error) {
      const failure = toCliError(error, apiUrl);
      context.output.error(failure.message);
      for (const line of failure.lines) context.output.error(line);
      state.exitCode = failure.exitCode;
    }
  };
}

/** The `dc-agent` program; `state.exitCode` holds the outcome after parsing. */
export function createProgram(state: { exitCode: number }): Command {
  const program = new Command('dc-agent')
    .description(
      "Decent Cloud provider agent: builds and removes renters' servers with your provisioners.",
    )
    .version(AGENT_VERSION, '-V, --version', 'print the version')
    .addOption(
      new Option('-c, --config <path>', 'config file')
        .env('DC_AGENT_CONFIG')
        .default('./dc-agent.toml'),
    )
    .option('--json', 'JSON lines on stdout (the default when stdout is not a terminal)')
    .option('--human', 'lines for a person even when stdout is not a terminal')
    .addOption(
      new Option('--log-level <level>', 'level of the JSON logs').choices([
        'trace',
        'debug',
        'info',
        'warn',
        'error',
      ]),
    )
    .showHelpAfterError('(run dc-agent --help for usage)')
    .addHelpText(
      'after',
      examples(
        'dc-agent init --api-url https://api.example.com --region europe --provisioner hetzner',
        'dc-agent register --token dcs_...',
        'dc-agent doctor',
        'dc-agent run',
        'dc-agent status --config /etc/dc-agent/dc-agent.toml',
      ),
    );

  program
    .command('init')
    .description('create the agent key (mode 0600) and a commented config file')
    .option('--api-url <url>', 'the Decent Cloud API')
    .option('--region <region>', "the pool's region")
    .option('--provisioner <kind>', 'the first provisioner section (default hetzner)')
    .option('--key-file <path>', 'agent key file, relative to the config (default ./dc-agent.key)')
    .option('--state-dir <path>', 'state folder, relative to the config (default ./dc-agent-state)')
    .option('--force', 'replace an existing config file (the key is never replaced)')
    .option('--non-interactive', 'never ask; fail when a required flag is missing')
    .addHelpText(
      'after',
      examples(
        'dc-agent init                      # asks for what is missing',
        'dc-agent init --non-interactive --api-url https://api.example.com --region europe --provisioner proxmox',
        'dc-agent --config /etc/dc-agent/dc-agent.toml init --key-file /var/lib/dc-agent/agent.key --state-dir /var/lib/dc-agent',
      ),
    )
    .action(
      action(state, (context, flags: Parameters<typeof initCommand>[1]) =>
        initCommand(context, flags),
      ),
    );

  program
    .command('register')
    .description("register the agent key with a pool's single-use setup token")
    .requiredOption('--token <token>', 'setup token from the dashboard (dcs_...)')
    .addHelpText(
      'after',
      examples(
        'dc-agent register --token dcs_q9X...   # created in the dashboard for the pool, shown once',
      ),
    )
    .action(action(state, (context, flags: { token: string }) => registerCommand(context, flags)));

  program
    .command('doctor')
    .description('check the config, key, API, clock and provisioners; one line per problem')
    .option(
      '--test-provision [name]',
      'also create and delete a small test server (default provisioner, or the one named)',
    )
    .addHelpText(
      'after',
      examples(
        'dc-agent doctor',
        'dc-agent doctor --test-provision           # costs a few cents at a cloud',
        'dc-agent doctor --test-provision pve-2 --json',
      ),
    )
    .action(
      action(state, (context, flags: { testProvision?: string | boolean }) =>
        doctorCommand(context, flags),
      ),
    );

  program
    .command('run')
    .description('run the agent until SIGTERM/SIGINT (jobs, heartbeats, reconcile, health)')
    .addHelpText(
      'after',
      examples('dc-agent run', 'dc-agent run --json --log-level debug   # as systemd runs it'),
    )
    .action(action(state, (context) => runCommand(context)));

  program
    .command('status')
    .description('what the running agent is doing now (exit 1 when it is not running)')
    .addHelpText('after', examples('dc-agent status', 'dc-agent status --json'))
    .action(action(state, (context) => statusCommand(context)));

  program
    .command('reset-password')
    .description("queue a new root password for a delivered contract; sealed to the renter's keys")
    .requiredOption('--contract <id>', 'the contract id')
    .option('--wait', 'follow the job until it is done (default in a terminal)')
    .option('--no-wait', 'only queue the job')
    .option('--timeout <seconds>', 'how long --wait follows the job (default 600)')
    .addHelpText(
      'after',
      examples(
        'dc-agent reset-password --contract 0b6c1c2e-3f47-4c1a-9a51-7f0f6b8f2d11',
        'dc-agent reset-password --contract 0b6c1c2e-... --no-wait --json',
      ),
    )
    .action(
      action(state, (context, flags: ResetPasswordFlags) => resetPasswordCommand(context, flags)),
    );

  return program;
}

/** Parses `argv` (as `process.argv`) and runs the command; resolves the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const state = { exitCode: EXIT.ok as number };
  const program = createProgram(state);
  program.exitOverride();
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      const clean = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
      return clean.includes(error.code) ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return state.exitCode;
}
