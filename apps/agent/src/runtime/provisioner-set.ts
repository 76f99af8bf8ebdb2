import type { Provisioner } from '@dc/provisioners';

// The shape of `ProvisionerSet` from `src/config/provisioners.ts`, restated structurally so the
// runtime depends only on what it uses. Any value built by `buildProvisioners` fits it.

/** The provisioner chosen for a contract, or why none could be. */
export type ProvisionerChoice =
  | { readonly name: string; readonly provisioner: Provisioner }
  | { readonly error: string };

/** The agent's provisioners, by the names its config gives them. */
export interface RuntimeProvisioners {
  readonly byName: ReadonlyMap<string, Provisioner>;
  readonly defaultName: string;
  /** The provisioner for a contract whose offering says `kind`, or why there is none. */
  pick(kind: string, offeringConfig: Readonly<Record<string, unknown>>): ProvisionerChoice;
  /** Distinct kinds, sent in heartbeats (the API hands out only jobs of these). */
  readonly kinds: readonly string[];
}
