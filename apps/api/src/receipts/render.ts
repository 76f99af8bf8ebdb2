import { formatMoney, money } from '@dc/pricing';
import { z } from 'zod';
import { showMoney, showRate } from '../invoices/format';
import type { MailMessage } from '../mail/mailer';
import type { ReceiptKind } from './enqueue';

/** The outbox payload of a receipt, as `enqueueReceipt` wrote it. */
export const ReceiptPayload = z.object({
  kind: z.enum([
    'wallet_topup',
    'card_payment',
    'rental_debit',
    'extension_debit',
    'notification_tier',
  ]),
  currency: z.string(),
  amount: z.string().regex(/^[1-9][0-9]*$/),
  /** The VAT included in `amount` (absent: none stated, e.g. a top-up). */
  vat: z
    .string()
    .regex(/^(0|[1-9][0-9]*)$/)
    .optional(),
  vat_rate_bps: z.number().int().min(0).max(10_000).optional(),
  description: z.string(),
  contract_id: z.string().nullable(),
  paid_at: z.string(),
});

const HOW_PAID: Record<ReceiptKind, string> = {
  wallet_topup: 'Wallet top-up by card',
  card_payment: 'Card payment',
  rental_debit: 'Paid from your wallet',
  extension_debit: 'Paid from your wallet',
  notification_tier: 'Paid from your wallet',
};

/**
 * A receipt email from its outbox row. Deterministic (the same row gives the same message), so
 * a resend after a crash is the same message with the same Message-ID.
 */
export function renderReceipt(
  row: { readonly key: string; readonly payload: unknown },
  to: string,
): MailMessage {
  const receipt = ReceiptPayload.parse(row.payload);
  const amount = `${formatMoney(money(BigInt(receipt.amount), receipt.currency))} ${receipt.currency}`;
  const paidAt = new Date(receipt.paid_at);
  const lines = [
    'Thank you for your payment. This is your receipt.',
    '',
    `Receipt:      ${row.key}`,
    `Amount paid:  ${amount}`,
    ...(receipt.vat === undefined
      ? []
      : [
          `Incl. VAT:    ${showMoney(BigInt(receipt.vat), receipt.currency)} (${showRate(receipt.vat_rate_bps ?? 0)})`,
        ]),
    `For:          ${receipt.description}`,
    `Payment:      ${HOW_PAID[receipt.kind]}`,
    `Date:         ${receipt.paid_at}`,
  ];
  if (receipt.contract_id !== null) {
    lines.push(
      `Contract:     ${receipt.contract_id}`,
      '',
      `Invoices for this contract: GET /v1/contracts/${receipt.contract_id}/invoices`,
    );
  }
  lines.push('', 'Decent Cloud');
  return {
    to,
    subject: `Receipt: ${amount} for ${receipt.description}`.slice(0, 200),
    text: lines.join('\r\n'),
    messageId: messageIdFor(row.key),
    date: paidAt,
  };
}

/**
 * The Message-ID of the mail with outbox key `key`: every (re)send of it carries this one, so
 * a receiver can drop a duplicate from the window described in `worker.ts`.
 */
export function messageIdFor(key: string): string {
  return `${key.replace(/[^A-Za-z0-9._-]/g, '.')}@receipts.decent-cloud`;
}
