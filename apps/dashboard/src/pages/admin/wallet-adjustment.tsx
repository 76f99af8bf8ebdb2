import { type AdminAccount, createWalletAdjustment, WalletAdjustmentBody } from '@dc/client';
import { parseMoney } from '@dc/pricing';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { errorMessage, idempotencyKey } from '../../api/errors';
import { formatAmount } from '../../components/money';
import { ErrorText } from '../../components/status';
import { useSignedIn } from '../../session/session';
import { Field } from '../account/field';
import { apiFieldErrors, checkFields, type FieldErrors } from '../account/field-errors';

type AdjustmentBody = Parameters<typeof createWalletAdjustment>[1]['body'];

/**
 * Credits (positive) or debits (negative) an account's wallet with a reason; the API refuses a
 * debit below zero and keeps the reason and the admin in the ledger.
 */
export function WalletAdjustmentForm(props: {
  readonly account: AdminAccount;
  readonly onClose: () => void;
}) {
  const { client } = useSignedIn();
  const queryClient = useQueryClient();
  const [currency, setCurrency] = useState(props.account.wallet[0]?.currency ?? 'EUR');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  // One key per adjustment: a retried submit never credits twice.
  const [key, setKey] = useState(idempotencyKey);
  const adjust = useMutation({
    mutationFn: (body: AdjustmentBody) => createWalletAdjustment(client, { body }),
    onSuccess: () => {
      setKey(idempotencyKey());
      setAmount('');
      setReason('');
      void queryClient.invalidateQueries({ queryKey: ['admin-accounts'] });
    },
    onError: (error) => setErrors(apiFieldErrors(error)),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    let minor: number | null = null;
    const found: Record<string, string> = {};
    const code = currency.trim().toUpperCase();
    try {
      minor = Number(parseMoney(amount.trim(), code, { allowNegative: true }).amount);
      if (minor === 0) found['amount'] = 'must not be zero: a credit is positive, a debit negative';
    } catch (error) {
      found['amount'] = errorMessage(error).replace(/^parseMoney: /, '');
    }
    const body = {
      username: props.account.username,
      currency: code,
      amount: minor ?? 0,
      reason,
      idempotency_key: key,
    };
    const all = { ...checkFields(WalletAdjustmentBody, body), ...found };
    setErrors(all);
    if (Object.keys(all).length === 0) adjust.mutate(body);
  };
  const entry = adjust.data?.entry;
  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby="adjust-h">
      <h3 id="adjust-h">Wallet adjustment for @{props.account.username}</h3>
      <div className="row">
        <Field id="adjust-currency" label="Currency" error={errors['currency']}>
          {(a11y) => (
            <input
              {...a11y}
              maxLength={3}
              value={currency}
              onChange={(e) => setCurrency(e.target.value)}
            />
          )}
        </Field>
        <Field
          id="adjust-amount"
          label="Amount"
          error={errors['amount']}
          hint="A credit like 10.00, or a debit like -10.00."
        >
          {(a11y) => (
            <input
              {...a11y}
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field
        id="adjust-reason"
        label="Reason"
        error={errors['reason']}
        hint="Kept in the account's ledger (1-500 characters)."
      >
        {(a11y) => <input {...a11y} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <ErrorText error={Object.keys(errors).length === 0 ? adjust.error : null} />
      {entry ? (
        <p className="ok" role="status">
          {entry.amount >= 0 ? 'Credited' : 'Debited'}{' '}
          {formatAmount(Math.abs(entry.amount), entry.currency)}: the balance is now{' '}
          {formatAmount(entry.balance_after, entry.currency)}.
        </p>
      ) : null}
      <div className="actions">
        <button type="submit" disabled={adjust.isPending}>
          Adjust the wallet
        </button>
        <button type="button" className="secondary" onClick={props.onClose}>
          Close
        </button>
      </div>
    </form>
  );
}
