import { CONTRACT_STATUSES, PAYMENT_STATUSES } from '@dc/state-machine';
import { z } from 'zod';
import { Username } from './account';
import { Id, MinorUnits, PageQuery, pageOf, Timestamp } from './common';
import { CurrencyCode, IdempotencyKey } from './wallet';

// One list of statuses for the state machine, the server and the client.
export { CONTRACT_STATUSES, PAYMENT_STATUSES } from '@dc/state-machine';

/**
 * How a contract is paid. `sandbox` is refused unless the platform runs in sandbox mode; `card`
 * leaves the payment pending until its checkout (`createContractCheckout`) is paid.
 */
export const RENT_PAYMENT_RAILS = ['wallet', 'sandbox', 'card'] as const;
export const PAYMENT_RAILS = ['wallet', 'sandbox', 'card'] as const;

/** An OpenSSH public key line: type, base64 key, optional comment. */
export const SshPublicKey = z
  .string()
  .max(16_384)
  .regex(
    /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$/,
    { message: 'must be one OpenSSH public key line, e.g. "ssh-ed25519 AAAA... me@laptop"' },
  );

const SshPublicKeys = z
  .array(SshPublicKey)
  .min(1, { message: 'list at least one SSH public key' })
  .max(20);

/** Whole hours of a rental or extension: 1 hour to 10 years. */
export const RentalHours = z.number().int({ message: 'must be whole hours' }).min(1).max(87_600);

/**
 * `POST /v1/contracts`: rent an offering. There is deliberately no password field: access is
 * by SSH key, and credentials reach the renter only sealed to their keys.
 */
export const RentBody = z.strictObject({
  offering_id: Id,
  hours: RentalHours,
  ssh_public_keys: SshPublicKeys,
  os_image: z.string().min(1).max(100),
  payment_rail: z.enum(RENT_PAYMENT_RAILS).default('wallet'),
  /** Retrying with the same key returns the same contract instead of renting twice. */
  idempotency_key: IdempotencyKey,
});

/**
 * How a contract is taxed, fixed when it was rented: `none` when the platform charged no VAT
 * (no seller configured, e.g. a sandbox); otherwise the EU treatment (`@dc/pricing`
 * `vatTreatment`) its invoices carry.
 */
export const CONTRACT_VAT_KINDS = [
  'none',
  'domestic',
  'reverse_charge',
  'oss',
  'out_of_scope',
] as const;

/**
 * `POST /v1/contracts/quote`: what renting would cost, asked with the fields of the rental
 * itself, so the same checks (visibility, stock, hours, OS image, billing settings) answer.
 */
export const RentQuoteBody = RentBody.pick({ offering_id: true, hours: true, os_image: true });

/**
 * The price of a rental as `POST /v1/contracts` would charge it now: the same computation, so
 * a preview never disagrees with the debit. Amounts are net unless named otherwise.
 */
export const RentQuote = z.object({
  offering_id: Id,
  hours: RentalHours,
  currency: CurrencyCode,
  /** The hours at the offering's price. */
  charge: MinorUnits,
  /** Paid once, with the first hours. */
  setup_fee: MinorUnits,
  /** `charge + setup_fee`. */
  net: MinorUnits,
  /** The VAT on both, under `vat_kind`. */
  vat: MinorUnits,
  /** What the renter pays: `net + vat`. */
  total: MinorUnits,
  vat_kind: z.enum(CONTRACT_VAT_KINDS),
  vat_rate_bps: z.number().int().min(0).max(10_000),
  /** The reverse-charge or out-of-scope note invoices would carry, else null. */
  vat_note: z.string().nullable(),
  /** The renter's wallet balance in `currency` (0 without one). */
  wallet_balance: MinorUnits,
  /** Whether the wallet covers `total` now (a card payment does not need it). */
  wallet_covers: z.boolean(),
  as_of: Timestamp,
});

/** A contract as its renter, its provider or an admin sees it. */
export const Contract = z.object({
  id: Id,
  offering_id: Id,
  offering_name: z.string(),
  renter_username: Username,
  provider_id: Id,
  provider_username: Username,
  pool_id: Id.nullable(),
  status: z.enum(CONTRACT_STATUSES),
  /** While paused: the status a won dispute returns to. */
  paused_from: z.enum(CONTRACT_STATUSES).nullable(),
  payment_status: z.enum(PAYMENT_STATUSES),
  payment_rail: z.enum(PAYMENT_RAILS),
  currency: CurrencyCode,
  currency_exponent: z.number().int(),
  /** The offering's price when rented, in minor units per 720 hours. */
  price_per_month: MinorUnits,
  /** Paid hours: the rental plus every extension. */
  hours: z.number().int(),
  /**
   * The offering's one-off setup fee, charged with the rental and included in `paid`. Refunded
   * when the server is never delivered; kept by the provider once it is.
   */
  setup_fee: MinorUnits,
  /**
   * Everything paid, NET of VAT: the hours of the rental and extensions, plus the setup fee.
   * The renter paid `paid + vat_paid`.
   */
  paid: MinorUnits,
  /** Net refunded; the money given back was `refunded + vat_refunded`. */
  refunded: MinorUnits,
  /** The VAT treatment fixed at rent time; extensions and refunds use it too. */
  vat_kind: z.enum(CONTRACT_VAT_KINDS),
  /** Its rate in basis points (1900 = 19 %); 0 for `none`, `reverse_charge`, `out_of_scope`. */
  vat_rate_bps: z.number().int().min(0).max(10_000),
  /** VAT charged on top of `paid` (the setup fee's included). */
  vat_paid: MinorUnits,
  /** VAT given back with refunds; never above `vat_paid`. */
  vat_refunded: MinorUnits,
  ssh_public_keys: z.array(z.string()),
  os_image: z.string(),
  requested_at: Timestamp,
  accepted_at: Timestamp.nullable(),
  /** The paid term starts at delivery. */
  term_start: Timestamp.nullable(),
  term_end: Timestamp.nullable(),
  ended_at: Timestamp.nullable(),
  /** When the ended contract was archived (retention, contracts spec §7); still readable. */
  archived_at: Timestamp.nullable(),
  /** What the agent reported about the server (never a secret). */
  instance: z.record(z.string(), z.unknown()).nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Contract = z.infer<typeof Contract>;

/** `GET /v1/contracts`: the caller's contracts as renter, as provider, or both. */
export const ListContractsQuery = PageQuery.extend({
  role: z.enum(['renter', 'provider']).optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
  /**
   * Archived contracts (ended long ago, contracts spec §7) are left out of the list unless
   * asked for; each stays readable by id.
   */
  archived: z.enum(['exclude', 'include', 'only']).default('exclude'),
});
export const ContractPage = pageOf(Contract);

/** A reason for the history; optional. */
export const ReasonBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });

/** `POST /v1/admin/contracts/{id}/cancel`: the refund is the admin's choice, up to what is refundable. */
export const AdminCancelBody = z.strictObject({
  reason: z.string().trim().min(1).max(500),
  /** Net, at most `paid - refunded`; its VAT at the contract's rate is given back with it. */
  refund_amount: MinorUnits,
});

/** A cancellation and the refund it credited now. */
export const CancelResult = z.object({
  contract: Contract,
  /** Net refunded by this cancellation, minor units. */
  refund: MinorUnits,
  /**
   * The VAT given back with it: `refund + refund_vat` went back to the wallet (or, for a card
   * contract, is being refunded to the card).
   */
  refund_vat: MinorUnits,
});

/** `GET /v1/contracts/{id}/refund-preview`: what cancelling now would refund. */
export const RefundPreview = z.object({
  /** Whether the renter may cancel now; when false, `reason` says why and `refund` is 0. */
  cancellable: z.boolean(),
  reason: z.string().nullable(),
  currency: CurrencyCode,
  /** Net refund, like `paid`. */
  refund: MinorUnits,
  /** VAT refunded with it (the contract's rate, never above the VAT not yet refunded). */
  refund_vat: MinorUnits,
  /** Paid time used up to now (not refundable), net. */
  consumed: MinorUnits,
  paid: MinorUnits,
  refunded: MinorUnits,
  as_of: Timestamp,
});

/** `POST /v1/contracts/{id}/extend`: buy more hours, charged from the wallet at once. */
export const ExtendBody = z.strictObject({
  hours: RentalHours,
  idempotency_key: IdempotencyKey,
});

/** One status change of a contract. */
export const ContractEventEntry = z.object({
  from_status: z.enum(CONTRACT_STATUSES).nullable(),
  to_status: z.enum(CONTRACT_STATUSES),
  event: z.string(),
  actor_role: z.enum(['renter', 'provider', 'agent', 'admin', 'system']),
  actor: z.string(),
  memo: z.string().nullable(),
  at: Timestamp,
});
export const ContractTimeline = z.object({ items: z.array(ContractEventEntry) });

/** A credential sealed to the renter's keys; only the renter's devices can open it. */
export const StoredCredential = z.object({
  id: Id,
  purpose: z.string(),
  envelope: z.record(z.string(), z.unknown()),
  created_at: Timestamp,
  expires_at: Timestamp.nullable(),
});
export const ContractCredentials = z.object({ items: z.array(StoredCredential) });

/** `POST .../password-reset`: the agent sets a new password and seals it to the renter. */
export const PasswordResetBody = z.strictObject({ idempotency_key: IdempotencyKey });

/** `POST .../ssh-key-rotation`: the agent installs these keys in place of the current ones. */
export const SshKeyRotationBody = z.strictObject({
  ssh_public_keys: SshPublicKeys,
  idempotency_key: IdempotencyKey,
});

/** A job put on the provider's agent queue for this contract. */
export const ContractJob = z.object({
  job_id: Id,
  kind: z.enum(['reset_password', 'rotate_ssh_key']),
  status: z.string(),
  created_at: Timestamp,
});

/**
 * A renter's request on a delivered contract (password reset, SSH key rotation) and how far it
 * got: `queued` (waiting for the agent), `leased` (the agent is on it), `completed`, `failed`
 * (for good, with the agent's reason in `error`), or `cancelled` (the contract ended first).
 */
export const ContractJobState = z.object({
  job_id: Id,
  kind: z.enum(['reset_password', 'rotate_ssh_key']),
  status: z.enum(['queued', 'leased', 'completed', 'failed', 'cancelled']),
  created_at: Timestamp,
  /** When the status last changed. */
  updated_at: Timestamp,
  /** Why it failed (or why the last attempt failed while it is retried); null otherwise. */
  error: z.string().nullable(),
});

/** The contract's requests, newest first. */
export const ContractJobList = z.object({ items: z.array(ContractJobState) });
