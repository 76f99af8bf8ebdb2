import { z } from 'zod';
import { InstanceStatusSchema, type ProvisionRequest } from '../../types';

/**
 * The script protocol (spec: agent-protocol.md §5 "script"): the agent writes ONE JSON object
 * to the script's stdin and reads ONE JSON object from its stdout. Field names are snake_case,
 * as existing Decent Cloud provider scripts expect.
 */
export const SCRIPT_PROTOCOL_VERSION = 1;

/** What a script is asked to do. `verify` is a dry call: check the setup, change nothing. */
export type ScriptAction =
  | 'provision'
  | 'terminate'
  | 'health'
  | 'get_instance'
  | 'list'
  | 'reset_password'
  | 'verify';

/** The JSON object a script reads from stdin. */
export interface ScriptRequest {
  readonly protocol_version: number;
  readonly action: ScriptAction;
  /** `provision` only, below. */
  readonly contract_id?: string;
  readonly offering_id?: string;
  readonly cpu_cores?: number;
  readonly memory_mb?: number;
  readonly storage_gb?: number;
  /**
   * The renter's public keys joined with newlines (`authorized_keys` format), so a script that
   * writes this one field installs every key. `null` when the renter gave none.
   */
  readonly requester_ssh_pubkey?: string | null;
  /** The same keys as a list. */
  readonly ssh_public_keys?: readonly string[];
  /** Provider-defined settings of the offering/contract. */
  readonly instance_config?: Readonly<Record<string, unknown>>;
  readonly image?: string;
  readonly location?: string;
  /** The contract's post-provision script, `null` when there is none. */
  readonly post_provision_script?: string | null;
  /** `terminate`, `health`, `get_instance`, `reset_password`. */
  readonly external_id?: string;
}

/** The stdin object of a `provision`. */
export function provisionInput(request: ProvisionRequest): ScriptRequest {
  return {
    protocol_version: SCRIPT_PROTOCOL_VERSION,
    action: 'provision',
    contract_id: request.contractId,
    offering_id: request.offeringId,
    cpu_cores: request.cpuCores,
    memory_mb: request.memoryMiB,
    storage_gb: request.diskGiB,
    requester_ssh_pubkey:
      request.sshPublicKeys.length > 0 ? request.sshPublicKeys.join('\n') : null,
    ssh_public_keys: request.sshPublicKeys,
    instance_config: request.config,
    image: request.image,
    location: request.location,
    post_provision_script: request.script ?? null,
  };
}

/** The stdin object of an action on one instance (or of `list` / `verify`). */
export function actionInput(action: ScriptAction, externalId?: string): ScriptRequest {
  return {
    protocol_version: SCRIPT_PROTOCOL_VERSION,
    action,
    ...(externalId !== undefined ? { external_id: externalId } : {}),
  };
}

/** An instance in a reply (`provision`, `get_instance`). */
export const ScriptInstanceSchema = z.object({
  external_id: z.string().min(1),
  contract_id: z.string().nullish(),
  /** Default `running`. */
  status: InstanceStatusSchema.nullish(),
  ip_address: z.string().nullish(),
  ipv6_address: z.string().nullish(),
  /** The address renters use when `ip_address` is internal (a VM behind the host's NAT). */
  public_ip: z.string().nullish(),
  /** Default 22. */
  ssh_port: z.number().int().min(1).max(65535).nullish(),
  root_password: z.string().nullish(),
  additional_details: z.unknown().optional(),
});

/** A health report in a reply (`health`), tagged by `status`. */
export const ScriptHealthSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('healthy'), uptime_seconds: z.number().nonnegative().nullish() }),
  z.object({ status: z.literal('unhealthy'), reason: z.string().nullish() }),
  z.object({ status: z.literal('unknown'), reason: z.string().nullish() }),
]);

/** One entry of a `list` reply. Entries without a contract id are not ours and are skipped. */
export const ScriptListedSchema = z.object({
  external_id: z.string().min(1),
  contract_id: z.string().nullish(),
  status: InstanceStatusSchema.nullish(),
});

/**
 * The JSON object a script writes to stdout. `error` and `retry_possible` go with
 * `success: false`; the other fields with the action that asks for them.
 */
export const ScriptReplySchema = z.object({
  success: z.boolean(),
  instance: ScriptInstanceSchema.nullish(),
  health: ScriptHealthSchema.nullish(),
  instances: z.array(ScriptListedSchema).nullish(),
  password: z.string().min(1).nullish(),
  error: z.string().nullish(),
  retry_possible: z.boolean().nullish(),
});

/** A parsed script reply. */
export type ScriptReply = z.infer<typeof ScriptReplySchema>;
