import { ApiError, registerAgent, SetupTokenSecret } from '@dc/client/agent';
import { shortFingerprint } from '@dc/crypto';
import { lineHint } from '../../config/locate';
import type { AgentConfig } from '../../config/schema';
import { loadOrCreateKeyFile } from '../../identity/key-file';
import type { CommandContext } from '../context';
import { describeApiError } from '../describe-error';
import { CliError, EXIT } from '../exit';
import { configFlag } from './init';

/** Flags of `dc-agent register`. */
export interface RegisterFlags {
  readonly token: string;
}

/** What to do about a refused registration, from the API's problem code. */
export function registrationProblem(error: ApiError, config: AgentConfig): string {
  switch (error.code) {
    case 'setup_token_unknown':
      return `${config.api.url} does not know this setup token; copy it again from the dashboard, and check api.url points at the API that issued it`;
    case 'setup_token_used':
      return 'this setup token was already used (tokens are single-use); create a new one for the pool in the dashboard';
    case 'setup_token_expired':
      return `${error.problem.detail?.replace(/; create a new one\.?$/, '') ?? 'this setup token expired'}; create a new one for the pool in the dashboard`;
    case 'region_mismatch': {
      const poolRegion = /"([a-z_]+)"/.exec(error.problem.errors?.[0]?.message ?? '')?.[1];
      return `the pool is in ${poolRegion ?? 'another region'} but agent.region${lineHint(config.path, ['agent', 'region'])} in ${config.path} is ${config.agent.region}: set agent.region = "${poolRegion ?? '<the pool region>'}", or use a setup token of a pool in ${config.agent.region}`;
    }
    default:
      return describeApiError(error, config.api.url);
  }
}

/**
 * `dc-agent register --token T`: registers the agent key (created now, 0600, when there is
 * none) with a setup token of the pool, signed by the agent key itself.
 */
export async function registerCommand(
  context: CommandContext,
  flags: RegisterFlags,
): Promise<void> {
  const token = flags.token.trim();
  if (!SetupTokenSecret.safeParse(token).success) {
    throw new CliError(
      '--token must be a setup token: "dcs_" and 43 more characters, as the dashboard shows it once',
      EXIT.usage,
    );
  }
  const config = context.agentConfig();
  const { output } = context;
  const { identity, created } = loadOrCreateKeyFile(config.agent.keyFile);
  if (created) output.info(`Created the agent key ${config.agent.keyFile} (mode 0600)`);
  const client = context.client(config, identity);
  let delegation: Awaited<ReturnType<typeof registerAgent>>;
  try {
    delegation = await output.step(`Registering with ${config.api.url}`, () =>
      registerAgent(client, {
        body: { token, agent_pubkey: identity.publicKeyHex, region: config.agent.region },
      }),
    );
  } catch (error) {
    if (error instanceof ApiError && error.code === 'agent_key_registered') {
      output.warn(
        `this agent key is already registered; nothing to do (check it with dc-agent doctor${configFlag(context)}); the setup token was not used`,
      );
      return;
    }
    if (error instanceof ApiError) throw new CliError(registrationProblem(error, config));
    throw new CliError(describeApiError(error, config.api.url));
  }
  output.result(
    'registered',
    {
      agent_pubkey: delegation.agent_pubkey,
      provider_id: delegation.provider_id,
      pool_id: delegation.pool_id,
      permissions: delegation.permissions,
      not_after: delegation.not_after,
    },
    [
      `Registered agent key ${shortFingerprint(identity.publicKey)} for pool ${delegation.pool_id}`,
      `  permissions: ${delegation.permissions.join(', ')}`,
      `  valid until: ${delegation.not_after}`,
      '',
      `Next: dc-agent doctor${configFlag(context)}, then dc-agent run${configFlag(context)}`,
    ],
  );
}
