import { closeSync, existsSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { REGIONS, type Region } from '@dc/client/agent';
import { shortFingerprint } from '@dc/crypto';
import { AGENT_PROVISIONER_KINDS, type ProvisionerKind } from '../../config/schema';
import { renderConfig } from '../../config/template';
import { loadOrCreateKeyFile } from '../../identity/key-file';
import type { CommandContext } from '../context';
import { CliError, EXIT } from '../exit';

/** Flags of `dc-agent init`. */
export interface InitFlags {
  readonly apiUrl?: string;
  readonly region?: string;
  readonly provisioner?: string;
  readonly keyFile?: string;
  readonly stateDir?: string;
  readonly force?: boolean;
  readonly nonInteractive?: boolean;
}

interface InitValues {
  apiUrl: string;
  region: Region;
  provisioner: ProvisionerKind;
  keyFile: string;
  stateDir: string;
}

const isUrl = (value: string) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
const isRegion = (value: string): value is Region => (REGIONS as readonly string[]).includes(value);
const isKind = (value: string): value is ProvisionerKind =>
  (AGENT_PROVISIONER_KINDS as readonly string[]).includes(value);

/** Checks the flags given; names each bad one and what is allowed. */
function checkFlags(flags: InitFlags): void {
  if (flags.apiUrl !== undefined && !isUrl(flags.apiUrl)) {
    throw new CliError(`--api-url must be an http(s) URL, got "${flags.apiUrl}"`, EXIT.usage);
  }
  if (flags.region !== undefined && !isRegion(flags.region)) {
    throw new CliError(
      `--region must be one of ${REGIONS.join(', ')}; got "${flags.region}"`,
      EXIT.usage,
    );
  }
  if (flags.provisioner !== undefined && !isKind(flags.provisioner)) {
    throw new CliError(
      `--provisioner must be one of ${AGENT_PROVISIONER_KINDS.join(', ')}; got "${flags.provisioner}"`,
      EXIT.usage,
    );
  }
}

async function askMissing(flags: InitFlags): Promise<InitValues> {
  // Loaded only here: the prompts are only ever needed by an interactive init, never by `run`.
  const { input, select } = await import('@inquirer/prompts');
  const apiUrl =
    flags.apiUrl ??
    (await input({
      message: 'Decent Cloud API URL',
      validate: (value) => isUrl(value) || 'an http(s) URL, e.g. https://api.example.com',
    }));
  const region =
    (flags.region as Region | undefined) ??
    (await select({
      message: "Region (the pool's region)",
      choices: REGIONS.map((value) => ({ value })),
    }));
  const provisioner =
    (flags.provisioner as ProvisionerKind | undefined) ??
    (await select({
      message: 'Provisioner',
      choices: AGENT_PROVISIONER_KINDS.map((value) => ({ value })),
    }));
  const keyFile =
    flags.keyFile ?? (await input({ message: 'Agent key file', default: './dc-agent.key' }));
  const stateDir =
    flags.stateDir ?? (await input({ message: 'State folder', default: './dc-agent-state' }));
  return { apiUrl, region, provisioner, keyFile, stateDir };
}

function fromFlags(flags: InitFlags): InitValues {
  const missing = [
    flags.apiUrl === undefined ? '--api-url <url>' : undefined,
    flags.region === undefined ? `--region <${REGIONS.join('|')}>` : undefined,
  ].filter((flag) => flag !== undefined);
  if (missing.length > 0) {
    throw new CliError(
      `without a terminal to ask in, init needs ${missing.join(' and ')}`,
      EXIT.usage,
    );
  }
  return {
    apiUrl: flags.apiUrl as string,
    region: flags.region as Region,
    provisioner: (flags.provisioner as ProvisionerKind | undefined) ?? 'hetzner',
    keyFile: flags.keyFile ?? './dc-agent.key',
    stateDir: flags.stateDir ?? './dc-agent-state',
  };
}

/** Writes the config with mode 0600 from creation (it may come to hold literal secrets). */
function writeConfig(path: string, text: string, force: boolean): void {
  mkdirSync(dirname(path), { recursive: true });
  if (force && existsSync(path)) unlinkSync(path);
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/**
 * `dc-agent init`: writes a commented config and creates the agent key (0600 from creation;
 * an existing key is kept). Asks for what the flags leave out when a person is at a terminal.
 */
export async function initCommand(context: CommandContext, flags: InitFlags): Promise<void> {
  checkFlags(flags);
  const { configPath, output } = context;
  if (existsSync(configPath) && flags.force !== true) {
    throw new CliError(
      `${configPath} already exists; edit it, or run init with --force to write a new one`,
      EXIT.failure,
    );
  }
  const values =
    context.interactive && flags.nonInteractive !== true && context.output.mode === 'human'
      ? await askMissing(flags)
      : fromFlags(flags);
  const baseDir = dirname(configPath);
  const keyPath = resolve(baseDir, values.keyFile);
  const statePath = resolve(baseDir, values.stateDir);
  const { identity, created } = loadOrCreateKeyFile(keyPath);
  mkdirSync(statePath, { recursive: true, mode: 0o700 });
  writeConfig(configPath, renderConfig(values), flags.force === true);
  const fingerprint = shortFingerprint(identity.publicKey);
  output.result(
    'initialised',
    {
      config: configPath,
      key_file: keyPath,
      key_created: created,
      agent_pubkey: identity.publicKeyHex,
      state_dir: statePath,
      provisioner: values.provisioner,
    },
    [
      `Wrote ${configPath}`,
      created
        ? `Created the agent key ${keyPath} (mode 0600, key ${fingerprint})`
        : `Kept the existing agent key ${keyPath} (key ${fingerprint})`,
      '',
      'Next:',
      `  1. Edit ${configPath}: the [provisioners.${values.provisioner}] section (CHANGE_ME values, secrets).`,
      '  2. In the dashboard, create a setup token for your pool, then:',
      `     dc-agent register --token <token>${configFlag(context)}`,
      `  3. dc-agent doctor${configFlag(context)}`,
      `  4. dc-agent run${configFlag(context)}   (or install the systemd unit, see the README)`,
    ],
  );
}

/** ` --config <path>` when the config is not the default one, for copy-paste hints. */
export function configFlag(context: CommandContext): string {
  return context.configPath === resolve('dc-agent.toml') ? '' : ` --config ${context.configPath}`;
}
