import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { notFound } from '../../http/problem';
import { paymentById, paymentView } from '../../payments/store';

/** `GET /v1/payments/{id}`: one of the caller's card payments (others' are 404, never 403). */
export const getPayment: Handler<typeof operations.getPayment> = async ({ params }, ctx) => {
  const caller = accountCaller(ctx);
  const payment = await paymentById(ctx.db, params.id);
  if (payment === undefined || (payment.account_id !== caller.accountId && !caller.isAdmin)) {
    throw notFound('Payment');
  }
  return paymentView(payment);
};
