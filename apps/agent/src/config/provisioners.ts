import type { Logger, Provisioner } from '@dc/provisioners/core';
import { KINDS } from './kinds';
import type { AgentConfig, ProvisionerEntry } from './schema';

/**
 * The key of an offering's `provisioner_config` that names the agent provisioner to use (one of
 * the `[provisioners.<name>]` sections). It is the agent's, not the provisioner's: it is removed
 * before the rest goes to `ProvisionRequest.config` (see {@link requestConfigOf}).
 */
export const AGENT_PROVISIONER_KEY = 'agent_provisioner';

/** The provisioner chosen for a contract, or why none could be. */
export type PickResult =
  | { readonly name: string; readonly provisioner: Provisioner }
  | { readonly error: string };

/** The provisioners of one agent, by the names its config gives them. */
export interface ProvisionerSet {
  readonly byName: ReadonlyMap<string, Provisioner>;
  /** The name of the default provisioner. */
  readonly defaultName: string;
  /**
   * The provisioner for a contract whose offering says `kind`: the one named by
   * `provisioner_config.agent_provisioner` (it must exist and be of that kind), else the
   * default when its kind matches, else the only one of that kind; otherwise an error naming
   * the choices.
   */
  pick(kind: string, offeringConfig: Readonly<Record<string, unknown>>): PickResult;
  /** Distinct kinds, sent in heartbeats (the API hands out only jobs of these). */
  readonly kinds: readonly string[];
}

/** `offeringConfig` without the agent's own {@link AGENT_PROVISIONER_KEY}. */
export function requestConfigOf(
  offeringConfig: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const { [AGENT_PROVISIONER_KEY]: _name, ...rest } = offeringConfig;
  return rest;
}

/**
 * Loads the code of the configured kinds only and builds every configured provisioner (they
 * validate their config again; it was loaded valid).
 */
export async function buildProvisioners(
  config: Pick<AgentConfig, 'provisioners'>,
  logger: Logger,
): Promise<ProvisionerSet> {
  const kinds = [...new Set(config.provisioners.map((entry) => entry.kind))];
  const factories = new Map(
    await Promise.all(kinds.map(async (kind) => [kind, await KINDS[kind].load()] as const)),
  );
  const entries = new Map<string, { entry: ProvisionerEntry; provisioner: Provisioner }>();
  for (const entry of config.provisioners) {
    const create = factories.get(entry.kind);
    if (create === undefined) throw new Error(`provisioner kind ${entry.kind} was not loaded`);
    entries.set(entry.name, { entry, provisioner: create({ ...entry.config }, logger) });
  }
  return provisionerSet(entries);
}

/**
 * A {@link ProvisionerSet} over already built provisioners (tests build fakes this way).
 * `isDefault` marks the default; with one provisioner it is the default anyway.
 */
export function provisionerSetOf(
  list: readonly { name: string; isDefault?: boolean; provisioner: Provisioner }[],
): ProvisionerSet {
  const entries = new Map<string, { entry: ProvisionerEntry; provisioner: Provisioner }>();
  for (const { name, isDefault, provisioner } of list) {
    const entry = {
      name,
      kind: provisioner.kind as ProvisionerEntry['kind'],
      isDefault: isDefault ?? list.length === 1,
      config: {},
    };
    entries.set(name, { entry, provisioner });
  }
  return provisionerSet(entries);
}

function provisionerSet(
  entries: ReadonlyMap<string, { entry: ProvisionerEntry; provisioner: Provisioner }>,
): ProvisionerSet {
  const all = [...entries.values()];
  const defaultEntry = all.find(({ entry }) => entry.isDefault) ?? all[0];
  if (defaultEntry === undefined) throw new Error('an agent needs at least one provisioner');
  const byName = new Map(all.map(({ entry, provisioner }) => [entry.name, provisioner]));
  const kindOf = (name: string) => byName.get(name)?.kind;
  const describe = (names: readonly string[]) =>
    names.map((name) => `${name} (${kindOf(name)})`).join(', ');
  return {
    byName,
    defaultName: defaultEntry.entry.name,
    kinds: [...new Set(all.map(({ provisioner }) => provisioner.kind))],
    pick(kind, offeringConfig) {
      const requested = offeringConfig[AGENT_PROVISIONER_KEY];
      if (requested !== undefined) {
        const provisioner = typeof requested === 'string' ? byName.get(requested) : undefined;
        if (provisioner === undefined) {
          return {
            error: `the offering's provisioner_config.${AGENT_PROVISIONER_KEY} is ${JSON.stringify(requested)}, but this agent's provisioners are ${describe([...byName.keys()])}`,
          };
        }
        if (provisioner.kind !== kind) {
          return {
            error: `the offering needs a ${kind} provisioner, but its provisioner_config.${AGENT_PROVISIONER_KEY} names "${requested}", a ${provisioner.kind} provisioner`,
          };
        }
        return { name: requested as string, provisioner };
      }
      if (defaultEntry.provisioner.kind === kind) {
        return { name: defaultEntry.entry.name, provisioner: defaultEntry.provisioner };
      }
      const ofKind = all.filter(({ provisioner }) => provisioner.kind === kind);
      const [only, ...others] = ofKind;
      if (only !== undefined && others.length === 0) {
        return { name: only.entry.name, provisioner: only.provisioner };
      }
      if (only === undefined) {
        return {
          error: `no ${kind} provisioner is configured in this agent (it has ${describe([...byName.keys()])})`,
        };
      }
      return {
        error: `several ${kind} provisioners are configured (${ofKind.map(({ entry }) => entry.name).join(', ')}): set provisioner_config.${AGENT_PROVISIONER_KEY} in the offering to one of them`,
      };
    },
  };
}
