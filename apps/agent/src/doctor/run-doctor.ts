import type { Client } from '@dc/client/agent';
import type { Identity } from '@dc/crypto';
import { shortFingerprint } from '@dc/crypto';
import type { Logger } from '@dc/provisioners/core';
import { camelKeysOf, snakeMessage } from '../config/case';
import { ConfigError, formatIssue } from '../config/errors';
import { KINDS } from '../config/kinds';
import { buildProvisioners } from '../config/provisioners';
import type { AgentConfig } from '../config/schema';
import { loadKeyFile } from '../identity/key-file';
import { checkAuthorised, checkClock, checkReachable } from './api-checks';
import type { CheckLine, CheckSink } from './check';
import { checkProvisioner, testProvision } from './provisioner-checks';

/** What the doctor runs with. */
export interface DoctorOptions {
  /** Loads the config (throws ConfigError). */
  readonly loadConfig: () => AgentConfig;
  readonly client: (config: AgentConfig, identity: Identity) => Client;
  readonly logger: Logger;
  /** Provision and terminate a test server with this provisioner (true: the default one). */
  readonly testProvision?: string | boolean;
  /** Called with every line as soon as it is known. */
  readonly onLine: CheckSink;
}

/** How the doctor ended. */
export interface DoctorResult {
  readonly lines: readonly CheckLine[];
  /** The config could not be loaded: nothing else was checked. */
  readonly configBroken: boolean;
}

/**
 * Runs every check in order: config, agent key, API reachable, agent key authorised, clock
 * skew, each provisioner's `verifySetup`, and optionally a test provision. A check that cannot
 * run because an earlier one failed is skipped, not failed again.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorResult> {
  const lines: CheckLine[] = [];
  const emit = (line: CheckLine) => {
    lines.push(line);
    options.onLine(line);
  };
  let config: AgentConfig;
  try {
    config = options.loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const issue of error.issues) {
      emit({ check: 'config', status: 'error', message: `${error.file}: ${formatIssue(issue)}` });
    }
    return { lines, configBroken: true };
  }
  emit({
    check: 'config',
    status: 'ok',
    message: `${config.path} is valid (${config.provisioners.map((p) => p.name).join(', ')})`,
  });

  let identity: Identity | undefined;
  try {
    identity = loadKeyFile(config.agent.keyFile);
    emit({
      check: 'key',
      status: 'ok',
      message: `agent key ${config.agent.keyFile} (${shortFingerprint(identity.publicKey)})`,
    });
  } catch (error) {
    emit({ check: 'key', status: 'error', message: (error as Error).message });
  }

  const reachable = await checkReachable(config);
  emit(reachable.line);
  if (reachable.line.status !== 'error' || reachable.skewMs !== undefined) {
    emit(checkClock(reachable.skewMs));
  }
  if (reachable.line.status === 'ok' && identity !== undefined) {
    emit(await checkAuthorised(config, options.client(config, identity)));
  } else {
    emit({
      check: 'authorised',
      status: 'skipped',
      message: 'not checked: needs the agent key and the API (see above)',
    });
  }

  const provisioners = await buildProvisioners(config, options.logger);
  for (const entry of config.provisioners) {
    const provisioner = provisioners.byName.get(entry.name);
    if (provisioner === undefined) continue;
    const names = camelKeysOf(KINDS[entry.kind].schema);
    const rename = (message: string) => snakeMessage(message, names);
    for (const line of await checkProvisioner(entry.name, provisioner, rename)) emit(line);
  }
  if (options.testProvision !== undefined && options.testProvision !== false) {
    const name =
      typeof options.testProvision === 'string' ? options.testProvision : provisioners.defaultName;
    const provisioner = provisioners.byName.get(name);
    if (provisioner === undefined) {
      emit({
        check: `test-provision:${name}`,
        status: 'error',
        message: `--test-provision ${name}: no such provisioner; the config has ${[...provisioners.byName.keys()].join(', ')}`,
      });
    } else {
      for (const line of await testProvision(name, provisioner)) emit(line);
    }
  }
  return { lines, configBroken: false };
}
