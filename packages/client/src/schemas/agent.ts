import { AGENT_PERMISSIONS, MAX_RECIPIENTS } from '@dc/crypto';
import { z } from 'zod';
import { Id, PublicKeyHex, SignatureHex, Timestamp } from './common';
import { REGIONS } from './regions';

/** What a delegation lets an agent do (spec: agent-protocol.md §3). */
export const AgentPermission = z.enum(AGENT_PERMISSIONS);

/** Permissions a setup token grants when the provider does not list them. */
export const DEFAULT_AGENT_PERMISSIONS = [
  'lease_jobs',
  'report_instances',
  'report_health',
  'heartbeat',
] as const;

const Permissions = z
  .array(AgentPermission)
  .min(1)
  .max(AGENT_PERMISSIONS.length)
  .refine((list) => new Set(list).size === list.length, { message: 'lists a permission twice' });

/** `POST /v1/provider/pools/{id}/setup-tokens`. */
export const SetupTokenBody = z.strictObject({
  permissions: Permissions.default([...DEFAULT_AGENT_PERMISSIONS]),
  /** How long the token can be used to register (5 minutes to 7 days). */
  expires_in_minutes: z.number().int().min(5).max(10_080).default(60),
  /** How long the delegation of the agent that registers with it lasts. */
  agent_valid_days: z.number().int().min(1).max(3650).default(365),
});

/** A setup token; `token` is in the creation answer only (the server keeps its hash). */
export const SetupToken = z.object({
  id: Id,
  token: z.string(),
  prefix: z.string(),
  pool_id: Id,
  permissions: z.array(AgentPermission),
  expires_at: Timestamp,
  created_at: Timestamp,
});

/** A setup token as `dc-agent register --token` sends it. */
export const SetupTokenSecret = z
  .string()
  .regex(/^dcs_[A-Za-z0-9_-]{43}$/, { message: 'must be a setup token (dcs_ + 43 characters)' });

/** `POST /v1/agent/register`, signed by the agent key itself (proof of possession). */
export const RegisterAgentBody = z.strictObject({
  token: SetupTokenSecret,
  agent_pubkey: PublicKeyHex,
  /** Where the agent runs; must be the pool's region. */
  region: z.enum(REGIONS),
});

/** A delegation certificate signed offline with `signDelegation` of `@dc/crypto`. */
export const DelegationCertificate = z.strictObject({
  v: z.literal(1),
  agentPublicKey: PublicKeyHex,
  providerPublicKey: PublicKeyHex,
  poolId: Id,
  // Readonly so `signDelegation`'s result is accepted as it is.
  permissions: Permissions.readonly(),
  notBefore: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  notAfter: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  serial: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, {
    message: 'must be 1-128 characters of A-Z a-z 0-9 . _ : -',
  }),
  signature: SignatureHex,
});

/** `POST /v1/agent/delegations`, signed by the agent key the certificate names. */
export const SubmitDelegationBody = z.strictObject({ certificate: DelegationCertificate });

/** What an agent is allowed to do, for whom, until when. */
export const Delegation = z.object({
  agent_pubkey: PublicKeyHex,
  provider_id: Id,
  pool_id: Id,
  permissions: z.array(AgentPermission),
  not_before: Timestamp,
  not_after: Timestamp,
  serial: z.string(),
  source: z.enum(['setup_token', 'certificate']),
});

/** An agent as its provider sees it. */
export const Agent = Delegation.extend({
  region: z.string().nullable(),
  revoked_at: Timestamp.nullable(),
  created_at: Timestamp,
  online: z.boolean(),
  last_heartbeat_at: Timestamp.nullable(),
  version: z.string().nullable(),
  provisioner_kinds: z.array(z.string()),
  active_jobs: z.number().int().nullable(),
  capacity: z.number().int().nullable(),
});
export type Delegation = z.infer<typeof Delegation>;
export type Agent = z.infer<typeof Agent>;

// --- plaintext secrets ---------------------------------------------------------------------

/** Field names that carry secrets: those go sealed in `credentials`, never in instance details. */
export const SECRET_FIELD =
  /pass(word|wd|phrase)|^pass$|pwd|secret|token|private[_-]?key|api[_-]?key|credential/i;

const PRIVATE_KEY_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

const SEAL_IT =
  'looks like a plaintext secret; seal it to the renter with seal() of @dc/crypto and send it in credentials';

/**
 * Issues for every field of `value` (at any depth) that looks like a plaintext secret: a
 * secret-sounding name, or a private key block in a string. Client and server share it.
 */
export function plaintextSecretIssues(
  value: unknown,
  path: readonly (string | number)[] = [],
): { path: (string | number)[]; message: string }[] {
  if (typeof value === 'string') {
    return PRIVATE_KEY_BLOCK.test(value) ? [{ path: [...path], message: SEAL_IT }] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => plaintextSecretIssues(item, [...path, index]));
  }
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    SECRET_FIELD.test(key)
      ? [{ path: [...path, key], message: SEAL_IT }]
      : plaintextSecretIssues(inner, [...path, key]),
  );
}

const DetailValue = z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]);

/** Free-form details that are never secrets (refused by name or content, field named). */
const SecretFreeDetails = z.record(z.string().max(64), DetailValue).superRefine((value, ctx) => {
  for (const issue of plaintextSecretIssues(value)) ctx.addIssue({ code: 'custom', ...issue });
});

/**
 * A delivered server as the agent (or the provider, for `manual`) reports it. A field the schema
 * does not know is refused; one that looks like a plaintext secret says so.
 */
export const InstanceReport = z.strictObject(
  {
    /** The provisioner that made it; termination goes to exactly this one. */
    provisioner: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{1,31}$/, { message: 'invalid provisioner kind' }),
    /** The cloud's id for it (Hetzner server id, Proxmox `node/vmid`, droplet id, ...). */
    external_id: z.string().min(1).max(256),
    status: z
      .enum(['creating', 'running', 'stopped', 'waiting_for_provider', 'unknown'])
      .default('running'),
    ipv4: z.ipv4().nullable().default(null),
    ipv6: z.ipv6().nullable().default(null),
    hostname: z.string().max(253).nullable().default(null),
    ssh_port: z.number().int().min(1).max(65_535).default(22),
    ssh_user: z.string().min(1).max(64).default('root'),
    /** Anything else worth showing the renter; never a secret. */
    details: SecretFreeDetails.default({}),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' && issue.keys.some((key) => SECRET_FIELD.test(key))
        ? `${issue.keys.filter((key) => SECRET_FIELD.test(key)).join(', ')} ${SEAL_IT}`
        : undefined,
  },
);

/** A reported instance as stored and returned (no secrets). */
export const ReportedInstance = z.object({
  provisioner: z.string(),
  external_id: z.string(),
  status: z.string(),
  ipv4: z.string().nullable(),
  ipv6: z.string().nullable(),
  hostname: z.string().nullable(),
  ssh_port: z.number().int(),
  ssh_user: z.string(),
  details: z.record(z.string(), DetailValue),
});

const B64Url = z.string().regex(/^[A-Za-z0-9_-]+$/, { message: 'must be base64url' });

/** A credential envelope v3 (`seal` of `@dc/crypto`), as JSON. */
export const CredentialEnvelopeV3 = z.strictObject({
  v: z.literal(3),
  epk: B64Url.length(43),
  recipients: z
    .array(
      z.strictObject({
        kid: B64Url.length(11),
        nonce: B64Url.length(32),
        wrapped_key: B64Url.length(64),
      }),
    )
    .min(1)
    .max(MAX_RECIPIENTS),
  nonce: B64Url.length(32),
  ciphertext: B64Url.max(90_000),
});

/** What a sealed secret is, e.g. `root_password`; the envelope's AAD is bound to it. */
export const CredentialPurpose = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,63}$/, { message: 'must be snake_case, e.g. root_password' });

/** A secret sealed to every active key of the renter. */
export const SealedCredential = z.strictObject({
  purpose: CredentialPurpose,
  envelope: CredentialEnvelopeV3,
});

const SealedCredentials = z
  .array(SealedCredential)
  .max(8)
  .refine((list) => new Set(list.map((c) => c.purpose)).size === list.length, {
    message: 'lists a purpose twice',
  });

/** `POST /v1/provider/contracts/{id}/manual-completion`: the provider delivered by hand. */
export const ManualCompletionBody = z.strictObject({
  instance: InstanceReport,
  credentials: SealedCredentials.default([]),
});

/** Every active key of a contract's renter: seal credentials to all of them. */
export const RenterKeys = z.object({ contract_id: Id, public_keys: z.array(PublicKeyHex) });

/** The outcome of a manual completion. */
export const ManualCompletion = z.object({ contract_id: Id, status: z.string() });

// --- jobs ----------------------------------------------------------------------------------

export const JOB_KINDS = [
  'provision',
  'terminate',
  'reset_password',
  'rotate_ssh_key',
  'stop',
  'start',
] as const;
export const JobKind = z.enum(JOB_KINDS);

/** `POST /v1/agent/jobs/lease`: at most `max` jobs, waiting up to `wait_ms` for one. */
export const LeaseJobsBody = z.strictObject({
  max: z.number().int().min(1).max(10).default(1),
  wait_ms: z.number().int().min(0).max(25_000).default(0),
});

/** What the agent needs of the contract to do the job. */
export const JobContract = z.object({
  id: Id,
  status: z.string(),
  provisioner: z.string(),
  /** The offering as rented (specs, location, provisioner config, post-provision script). */
  offering: z.record(z.string(), z.unknown()),
  ssh_public_keys: z.array(z.string()),
  os_image: z.string(),
  /** Every active key of the renter: seal credentials to all of them. */
  renter_public_keys: z.array(PublicKeyHex),
  /** The recorded instance: terminate and reset exactly this one. */
  instance: z.object({ provisioner: z.string(), external_id: z.string() }).nullable(),
});

/** A job the agent now holds; every report about it carries `lease_id` and `fencing_token`. */
export const LeasedJob = z.object({
  job_id: Id,
  kind: JobKind,
  attempt: z.number().int(),
  max_attempts: z.number().int(),
  lease_id: Id,
  fencing_token: z.number().int(),
  lease_expires_at: Timestamp,
  payload: z.record(z.string(), z.unknown()),
  contract: JobContract,
});

/** The lease a report refers to; a report with a superseded one is refused (409 `stale_lease`). */
export const LeaseProof = z.strictObject({
  lease_id: Id,
  fencing_token: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

/** A renewed lease. */
export const RenewedLease = z.object({ job_id: Id, lease_expires_at: Timestamp });

/** `POST /v1/agent/jobs/{id}/complete`. */
export const CompleteJobBody = LeaseProof.extend({
  /** Provision: the delivered server. */
  instance: InstanceReport.optional(),
  /** Provision and reset_password: secrets sealed to the renter's keys. */
  credentials: SealedCredentials.default([]),
  /** Anything else the job produced (no secrets). */
  result: SecretFreeDetails.default({}),
});

/** `POST /v1/agent/jobs/{id}/fail`. */
export const FailJobBody = LeaseProof.extend({
  error: z.string().trim().min(1).max(2000),
  /** Whether another attempt may succeed (quota, rate limit, timeout: yes; bad config: no). */
  retryable: z.boolean(),
});

/** What happened to a finished job. */
export const JobOutcome = z.object({
  job_id: Id,
  status: z.enum(['queued', 'leased', 'completed', 'failed', 'cancelled']),
  attempt: z.number().int(),
  /** When a retried job becomes available again. */
  available_at: Timestamp.nullable(),
  contract_status: z.string(),
});

/** A job of the agent's pool as `getAgentJob` shows it (to follow a job the agent queued). */
export const AgentJobState = z.object({
  job_id: Id,
  kind: JobKind,
  status: z.enum(['queued', 'leased', 'completed', 'failed', 'cancelled']),
  attempt: z.number().int(),
  /** The error of the last failed attempt; null when none failed. */
  last_error: z.string().nullable(),
  contract_id: Id,
});

// --- heartbeat, reconcile, health ----------------------------------------------------------

/** `POST /v1/agent/heartbeat`. */
export const HeartbeatBody = z.strictObject({
  version: z.string().trim().min(1).max(64),
  /** Provisioner kinds this agent runs; it is only handed jobs of these. */
  provisioner_kinds: z
    .array(z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, { message: 'invalid provisioner kind' }))
    .max(16)
    .default([]),
  active_jobs: z.number().int().min(0).max(100_000).default(0),
  /** Jobs it could take at once; null when it does not say. */
  capacity: z.number().int().min(0).max(100_000).nullable().default(null),
});

export const HeartbeatAck = z.object({
  server_time: Timestamp,
  /** When to send the next one. */
  next_heartbeat_in_seconds: z.number().int(),
});

/** `POST /v1/agent/reconcile`: every instance the agent's provisioners list as ours. */
export const ReconcileBody = z.strictObject({
  instances: z
    .array(
      z.strictObject({
        provisioner: InstanceReport.shape.provisioner,
        external_id: InstanceReport.shape.external_id,
        /** From the instance's label; null when the label is missing or unreadable. */
        contract_id: Id.nullable(),
      }),
    )
    .max(1000),
});

/**
 * - `keep`: the contract is live.
 * - `terminate`: the contract ended; remove the instance.
 * - `stop`: service is suspended (payment dispute); stop, do not delete.
 * - `unknown`: no contract of this pool claims it; if it carries our label it is an orphan:
 *   terminate it after the grace period (default 1 h).
 * - `foreign`: a contract of another pool of the same provider claims it (pools sharing one
 *   cloud account): leave it alone, that pool's agents look after it.
 */
export const ReconcileAction = z.enum(['keep', 'terminate', 'stop', 'unknown', 'foreign']);

export const ReconcileResult = z.object({
  instances: z.array(
    z.object({
      provisioner: z.string(),
      external_id: z.string(),
      contract_id: Id.nullable(),
      action: ReconcileAction,
    }),
  ),
});

/** `POST /v1/agent/health`. */
export const HealthReportBody = z.strictObject({
  checks: z
    .array(
      z.strictObject({
        contract_id: Id,
        status: z.enum(['healthy', 'unhealthy', 'unknown']),
        uptime_seconds: z
          .number()
          .int()
          .min(0)
          .max(Number.MAX_SAFE_INTEGER)
          .nullable()
          .default(null),
        reason: z.string().trim().min(1).max(500).nullable().default(null),
        checked_at: Timestamp,
      }),
    )
    .min(1)
    .max(100),
});

export const HealthReportAck = z.object({ stored: z.number().int() });
