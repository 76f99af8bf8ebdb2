/**
 * The ICRC-1 ledger payout rail: types only, not implemented on this server yet.
 *
 * An implementation sends a batch with one `icrc1_transfer` call on the ledger canister of
 * the batch's token (ICRC-1 standard, https://github.com/dfinity/ICRC-1/tree/main/standards/ICRC-1):
 *
 * - `to`: the provider's account (principal and optional 32-byte subaccount), stored with the
 *   provider like `payout_stripe_account`;
 * - `amount`: the batch amount in the token's smallest unit (`icrc1_decimals`), converted
 *   exactly or refused, never rounded up;
 * - `memo`: the batch id's 16 bytes, and `created_at_time`: the batch's `sent_at` in
 *   nanoseconds, fixed at the first attempt. The ledger de-duplicates a transaction with the
 *   same fields inside its window (`Duplicate { duplicate_of }` is the first transfer's block
 *   index: the batch is confirmed with it), which plays the role of Stripe's Idempotency-Key;
 * - outcome: `Ok(block index)` confirms the batch (the reference is the block index);
 *   `InsufficientFunds`, `BadFee`, `TooOld` and the like fail it (its earnings are released);
 *   `TemporarilyUnavailable`, `CreatedInFuture` and transport errors are retryable, with the
 *   same `created_at_time` and memo, so a retry cannot pay twice inside the window.
 *
 * It implements `PayoutRail` from `./rail` once `PayoutRailName` includes `'icrc1'`.
 */

/** An ICRC-1 account: an owner principal (text form) and an optional 32-byte subaccount. */
export interface Icrc1Account {
  readonly owner: string;
  readonly subaccount?: Uint8Array;
}

/** The arguments of `icrc1_transfer`. */
export interface Icrc1TransferArgs {
  readonly from_subaccount?: Uint8Array;
  readonly to: Icrc1Account;
  readonly amount: bigint;
  readonly fee?: bigint;
  readonly memo?: Uint8Array;
  /** Nanoseconds since the epoch; with `memo`, the ledger's de-duplication key. */
  readonly created_at_time?: bigint;
}

/** The errors `icrc1_transfer` returns (ICRC-1 `TransferError`). */
export type Icrc1TransferError =
  | { readonly BadFee: { readonly expected_fee: bigint } }
  | { readonly BadBurn: { readonly min_burn_amount: bigint } }
  | { readonly InsufficientFunds: { readonly balance: bigint } }
  | { readonly TooOld: null }
  | { readonly CreatedInFuture: { readonly ledger_time: bigint } }
  | { readonly Duplicate: { readonly duplicate_of: bigint } }
  | { readonly TemporarilyUnavailable: null }
  | { readonly GenericError: { readonly error_code: bigint; readonly message: string } };

/** The answer of `icrc1_transfer`: the block index of the transfer, or why not. */
export type Icrc1TransferResult = { readonly Ok: bigint } | { readonly Err: Icrc1TransferError };

/** The ledger canister calls a rail needs (an agent-js actor or a test fake provides them). */
export interface Icrc1Ledger {
  icrc1_transfer(args: Icrc1TransferArgs): Promise<Icrc1TransferResult>;
  icrc1_decimals(): Promise<number>;
  icrc1_fee(): Promise<bigint>;
}

/** Settings of an ICRC-1 payout rail: which ledger pays which currency code. */
export interface Icrc1RailSettings {
  /** The batch currency this ledger's token pays (a code the platform maps to the token). */
  readonly currency: string;
  readonly ledger: Icrc1Ledger;
  /** The platform's subaccount the payouts are sent from. */
  readonly fromSubaccount?: Uint8Array;
}
