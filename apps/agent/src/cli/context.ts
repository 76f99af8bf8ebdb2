import { resolve } from 'node:path';
import { type Client, createClient, keyAuth } from '@dc/client/agent';
import type { Identity } from '@dc/crypto';
import { nodeSign } from '@dc/crypto/node';
import { loadConfig } from '../config/load';
import type { AgentConfig } from '../config/schema';
import { loadKeyFile } from '../identity/key-file';
import { createOutput, type Output } from '../output/output';

/** Options every command takes. */
export interface GlobalOptions {
  readonly config: string;
  readonly json?: boolean;
  readonly human?: boolean;
  readonly logLevel?: string;
}

/** What a command runs with: its output, the config path and loaders. */
export interface CommandContext {
  readonly output: Output;
  /** Absolute path of the config file (`--config`, `DC_AGENT_CONFIG`, `./dc-agent.toml`). */
  readonly configPath: string;
  /** Whether a person is at a terminal (prompts, spinners, `--wait` by default). */
  readonly interactive: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Loads and validates the whole config, secrets included (throws ConfigError). */
  config(): AgentConfig;
  /** Loads `[api]` and `[agent]` only: no provisioners, no secrets needed (throws ConfigError). */
  agentConfig(): AgentConfig;
  /** Loads the agent key the config names (throws KeyFileError). */
  identity(config: AgentConfig): Identity;
  /** A client of the config's API signing with `identity`. */
  client(config: AgentConfig, identity: Identity): Client;
}

/**
 * Builds the context from the global options. `daemon` (`run`): JSON log lines are batched
 * (written at least every second) rather than written one by one.
 */
export function commandContext(options: GlobalOptions, daemon = false): CommandContext {
  const interactive = Boolean(process.stdout.isTTY && process.stdin.isTTY);
  const json = options.json === true || (!process.stdout.isTTY && options.human !== true);
  const output = createOutput({
    json,
    interactive: interactive && !json,
    batchLogs: daemon,
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
  });
  const env = process.env;
  return {
    output,
    configPath: resolve(options.config),
    interactive,
    env,
    config: () => loadConfig(options.config, { env }),
    agentConfig: () => loadConfig(options.config, { env, provisioners: false }),
    identity: (config) => loadKeyFile(config.agent.keyFile),
    client: (config, identity) =>
      createClient({
        baseUrl: config.api.url,
        auth: keyAuth(identity.secretKey, { signer: nodeSign }),
        retries: 2,
      }),
  };
}
