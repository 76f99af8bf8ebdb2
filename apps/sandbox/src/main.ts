#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR } from './paths';
import { type RunningSandbox, startSandbox } from './start-sandbox';

const HELP = `Usage: pnpm start [options]   (or: node apps/sandbox/dist/main.js [options])

Starts the Decent Cloud platform on this machine as a LOCAL SANDBOX: the API on an embedded
database, the dashboard, and a sandbox provider whose dc-agent builds servers on a fake Hetzner
cloud. Prints the address and a sandbox renter's seed phrase. Ctrl-C stops everything.

Options:
  --reset            wipe the sandbox's data first (new database, accounts and phrases)
  --port <n>         port of the dashboard and API (default 8787; 0 = any free port)
  --data-dir <path>  where the data lives (default: .dc-data at the repository root)
  -h, --help         this text

Environment:
  DC_TELEGRAM_BOT_TOKEN     your own Telegram bot's token (from @BotFather): accounts can link
                            their chat and get notifications there; without it Telegram is off
  DC_TELEGRAM_BOT_USERNAME  the bot's username (default: asked from Telegram)`;

function options() {
  const { values } = parseArgs({
    options: {
      reset: { type: 'boolean', default: false },
      port: { type: 'string', default: '8787' },
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      help: { type: 'boolean', short: 'h', default: false },
    },
    // `pnpm start -- --reset` passes a lone "--" on some pnpm versions.
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
  }
  return { reset: values.reset, port, dataDir: values['data-dir'], help: values.help };
}

async function main(): Promise<number> {
  const settings = options();
  if (settings.help) {
    console.log(HELP);
    return 0;
  }
  let signalled = false;
  let sandbox: RunningSandbox | undefined;
  let stopped: ((code: number) => void) | undefined;
  const done = new Promise<number>((resolve) => {
    stopped = resolve;
  });
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    // Ctrl-C reaches every process of the terminal's group, and pnpm passes it on as well: a
    // repeat within a second is that same key press, not a second one.
    if (signalled && Date.now() - firstSignalAt < 1_000) return;
    if (signalled) {
      console.error(`${signal} again: stopping at once (the children are killed)`);
      process.exit(130);
    }
    signalled = true;
    firstSignalAt = Date.now();
    console.log(`\n${signal}: stopping the local sandbox (agent, API, fake cloud)...`);
    if (sandbox) void sandbox.stop().then(() => stopped?.(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A closed terminal: the API and the agent are in their own process group and would not hear it.
  process.on('SIGHUP', onSignal);

  const botToken = process.env['DC_TELEGRAM_BOT_TOKEN'];
  const botUsername = process.env['DC_TELEGRAM_BOT_USERNAME'];
  sandbox = await startSandbox({
    dataDir: settings.dataDir,
    reset: settings.reset,
    port: settings.port,
    ...(botToken ? { telegram: { botToken, ...(botUsername ? { botUsername } : {}) } } : {}),
  });
  if (signalled) await sandbox.stop();
  if (signalled) return 0;
  void sandbox.failed.then(async (error) => {
    console.error(`\n${error.message}\nStopping the local sandbox.`);
    await sandbox?.stop();
    stopped?.(1);
  });
  const code = await done;
  if (code === 0) console.log('Local sandbox stopped. Data kept; pnpm start resumes it.');
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `Could not start the local sandbox: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
