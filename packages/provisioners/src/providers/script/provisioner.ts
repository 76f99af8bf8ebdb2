import { access, constants } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { ProvisionerError } from '../../errors';
import { type Logger, silentLogger } from '../../logger';
import type { Provisioner } from '../../provisioner';
import type {
  CallContext,
  Health,
  Instance,
  ManagedInstance,
  ProvisionRequest,
  SetupReport,
} from '../../types';
import { ParsedConfig } from '../_shared/parsed-config';
import { parseRequest } from '../_shared/request';
import { type ScriptConfig, type ScriptConfigInput, ScriptConfigSchema } from './config';
import { actionInput, provisionInput, type ScriptReply, type ScriptRequest } from './protocol';
import { parseReply, redactText, stderrTail } from './reply';
import { runScript } from './run';

/** What {@link createScriptProvisioner} needs besides the config. */
export interface ScriptProvisionerDeps {
  readonly logger?: Logger;
  /** The agent's environment, of which only PASSED_ENV reaches the script (default `process.env`). */
  readonly agentEnv?: Readonly<Record<string, string | undefined>>;
}

/** Variables of the agent's environment a script gets; the rest (the agent's secrets) it does not. */
export const PASSED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'] as const;

/**
 * The script provisioner: runs the provider's executable once per call with one JSON object on
 * stdin and reads one JSON object from stdout (protocol in `protocol.ts`, spec:
 * agent-protocol.md §5 "script").
 *
 * - Idempotency is the script's duty: `provision` of a contract it already built must return
 *   that server (the example script in `examples/provider-script` shows how).
 * - Errors: a reply with `success: false` fails with its `error`, retried when
 *   `retry_possible` is true. A script that crashed (non-zero exit, killed) without saying is
 *   retried: it may have been interrupted half-way, and a retry lets it finish or adopt. A
 *   timeout kills the script's whole process group and is retried. Output that is not a valid
 *   reply is a `script_error` naming the field, with the start of the output.
 * - Secrets: the request goes through stdin, never argv; `env` values are blanked out of every
 *   error message, and stdout is never logged (it carries root passwords).
 */
export function createScriptProvisioner(
  config: ScriptConfigInput,
  deps: ScriptProvisionerDeps = {},
): Provisioner {
  return new ScriptProvisioner(config, deps);
}

class ScriptProvisioner implements Provisioner {
  readonly kind = 'script';
  readonly capabilities = { stop: false, resetPassword: true, resize: false, list: true };
  readonly #config: ParsedConfig<ScriptConfig>;
  readonly #logger: Logger;
  readonly #env: Record<string, string>;

  constructor(input: ScriptConfigInput, deps: ScriptProvisionerDeps) {
    this.#logger = deps.logger ?? silentLogger;
    this.#config = new ParsedConfig(ScriptConfigSchema, input, 'script');
    const agentEnv = deps.agentEnv ?? process.env;
    const base: Record<string, string> = {};
    for (const name of PASSED_ENV) {
      const value = agentEnv[name];
      if (value !== undefined) base[name] = value;
    }
    this.#env = { ...base, ...(this.#config.value?.env ?? {}) };
  }

  #ready(): ScriptConfig {
    return this.#config.get();
  }

  async verifySetup(ctx?: CallContext): Promise<SetupReport> {
    const failure = this.#config.setupFailure();
    if (failure !== null) return failure;
    const config = this.#ready();
    const errors: string[] = [];
    const warnings: string[] = [];
    const problem = await executableProblem(config.command[0] ?? '', this.#env['PATH'], config.cwd);
    if (problem !== undefined) return { ok: false, errors: [problem], warnings };
    if (!config.verify) {
      warnings.push('verify is off: only the executable was checked, not what the script needs');
      return { ok: true, errors, warnings };
    }
    try {
      await this.#call(actionInput('verify'), config.timeoutMs, ctx?.signal);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
    return { ok: errors.length === 0, errors, warnings };
  }

  async provision(input: ProvisionRequest, ctx?: CallContext): Promise<Instance> {
    const config = this.#ready();
    const request = parseRequest(input);
    const reply = await this.#call(provisionInput(request), config.provisionTimeoutMs, ctx?.signal);
    const instance = reply.instance;
    if (instance === undefined || instance === null) {
      throw new ProvisionerError(
        'script_error',
        `script provision for contract ${request.contractId} replied success without "instance"`,
      );
    }
    if (
      instance.contract_id !== undefined &&
      instance.contract_id !== null &&
      instance.contract_id !== request.contractId
    ) {
      throw new ProvisionerError(
        'script_error',
        `script provision for contract ${request.contractId} replied an instance of contract ${instance.contract_id}`,
        { retryable: false },
      );
    }
    return toInstance(instance, request.contractId);
  }

  async getInstance(externalId: string, ctx?: CallContext): Promise<Instance | null> {
    const config = this.#ready();
    const reply = await this.#call(
      actionInput('get_instance', externalId),
      config.timeoutMs,
      ctx?.signal,
    );
    return reply.instance ? toInstance(reply.instance, reply.instance.contract_id ?? '') : null;
  }

  async listInstances(ctx?: CallContext): Promise<ManagedInstance[]> {
    const config = this.#ready();
    const reply = await this.#call(actionInput('list'), config.timeoutMs, ctx?.signal);
    if (reply.instances === undefined || reply.instances === null) {
      throw new ProvisionerError('script_error', 'script list replied success without "instances"');
    }
    return reply.instances.flatMap((i) =>
      i.contract_id
        ? [
            {
              externalId: i.external_id,
              provisioner: this.kind,
              contractId: i.contract_id,
              status: i.status ?? 'unknown',
            },
          ]
        : [],
    );
  }

  async terminate(externalId: string, ctx?: CallContext): Promise<void> {
    const config = this.#ready();
    await this.#call(actionInput('terminate', externalId), config.timeoutMs, ctx?.signal);
  }

  async health(externalId: string, ctx?: CallContext): Promise<Health> {
    const config = this.#ready();
    const reply = await this.#call(
      actionInput('health', externalId),
      config.timeoutMs,
      ctx?.signal,
    );
    const health = reply.health;
    if (health === undefined || health === null)
      throw new ProvisionerError(
        'script_error',
        `script health for ${externalId} replied success without "health"`,
      );
    if (health.status === 'healthy')
      return { state: 'healthy', uptimeSeconds: health.uptime_seconds ?? null };
    if (health.status === 'unhealthy')
      return { state: 'unhealthy', reason: health.reason ?? 'the script reported it unhealthy' };
    return { state: 'unknown', reason: health.reason ?? 'the script could not tell' };
  }

  async resetPassword(externalId: string, ctx?: CallContext): Promise<string> {
    const config = this.#ready();
    const reply = await this.#call(
      actionInput('reset_password', externalId),
      config.timeoutMs,
      ctx?.signal,
    );
    if (!reply.password)
      throw new ProvisionerError(
        'script_error',
        `script reset_password for ${externalId} replied success without "password"`,
      );
    return reply.password;
  }

  /** Runs one action and returns a successful reply, or throws what went wrong. */
  async #call(
    input: ScriptRequest,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<ScriptReply> {
    const config = this.#ready();
    const secrets = Object.values(config.env);
    const subject =
      input.contract_id !== undefined
        ? ` for contract ${input.contract_id}`
        : input.external_id !== undefined
          ? ` for ${input.external_id}`
          : '';
    const what = `script ${input.action}${subject}`;
    const result = await runScript({
      command: config.command,
      input: `${JSON.stringify(input)}\n`,
      env: this.#env,
      cwd: config.cwd,
      timeoutMs,
      maxStdoutBytes: config.maxStdoutBytes,
      maxStderrBytes: config.maxStderrBytes,
      signal,
    });
    this.#logger.info(
      {
        action: input.action,
        contractId: input.contract_id,
        externalId: input.external_id,
        exitCode: result.exitCode,
        killed: result.killed,
        ms: result.ms,
      },
      'provider script ran',
    );
    const tail = stderrTail(result.stderr, secrets);
    switch (result.killed) {
      case 'timeout':
        throw new ProvisionerError(
          'timeout',
          `${what} ran longer than ${timeoutMs} ms and was killed with its process group${tail}`,
          { retryable: true },
        );
      case 'aborted':
        throw new ProvisionerError(
          'aborted',
          `${what} was aborted; the script and its process group were killed`,
          { retryable: true },
        );
      case 'stdout_cap':
        throw new ProvisionerError(
          'script_error',
          `${what} wrote more than ${config.maxStdoutBytes} bytes to stdout and was killed: reply with one JSON object and log to stderr${tail}`,
          { retryable: false },
        );
      case 'stderr_cap':
        throw new ProvisionerError(
          'script_error',
          `${what} wrote more than ${config.maxStderrBytes} bytes to stderr and was killed: log less or raise maxStderrBytes${tail}`,
          { retryable: false },
        );
    }
    const parsed = parseReply(result.stdout, secrets);
    const reply = 'reply' in parsed ? parsed.reply : undefined;
    const said = reply?.error ? `: ${redactText(reply.error, secrets)}` : '';
    if (result.exitCode !== 0) {
      const how =
        result.exitSignal !== null
          ? `was killed by ${result.exitSignal}`
          : `exited with code ${result.exitCode}`;
      // Without a word from the script, it may have stopped half-way: a retry lets it finish.
      throw new ProvisionerError('script_error', `${what} ${how}${said}${tail}`, {
        retryable: reply?.retry_possible ?? true,
      });
    }
    if (reply === undefined) {
      throw new ProvisionerError(
        'script_error',
        `${what} replied badly: ${'problem' in parsed ? parsed.problem : ''}${tail}`,
        { retryable: false },
      );
    }
    if (!reply.success) {
      throw new ProvisionerError(
        'script_error',
        `${what} failed${said || ': (no "error" given)'}${tail}`,
        { retryable: reply.retry_possible ?? false },
      );
    }
    return reply;
  }
}

function toInstance(i: NonNullable<ScriptReply['instance']>, contractId: string): Instance {
  return {
    externalId: i.external_id,
    provisioner: 'script',
    contractId,
    status: i.status ?? 'running',
    ipv4: i.public_ip ?? i.ip_address ?? null,
    ipv6: i.ipv6_address ?? null,
    sshPort: i.ssh_port ?? 22,
    ...(i.root_password ? { rootPassword: i.root_password } : {}),
  };
}

/** Why `file` cannot be run, or `undefined` when it can (looked up in PATH like spawn does). */
async function executableProblem(
  file: string,
  path: string | undefined,
  cwd: string | undefined,
): Promise<string | undefined> {
  const candidates = file.includes('/')
    ? [isAbsolute(file) ? file : resolve(cwd ?? process.cwd(), file)]
    : (path ?? '')
        .split(delimiter)
        .filter((d) => d !== '')
        .map((d) => join(d, file));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return undefined;
    } catch {
      // Try the next one.
    }
  }
  return file.includes('/')
    ? `the provider script ${file} does not exist or is not executable (chmod +x, or check "command")`
    : `the provider script ${file} is not found in PATH (${path ?? 'unset'}): give its full path in "command"`;
}
