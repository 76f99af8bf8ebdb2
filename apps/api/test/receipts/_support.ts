import { updateMe, verifyEmail } from '@dc/client';
import type { ContractWorld } from '../contracts/_http';
import type { SmtpSink } from '../mail/smtp-sink';
import { until } from '../mail/smtp-sink';
import type { TestAccount } from '../offerings/_support';

/** An account whose email is verified with the code the server mailed to `sink`. */
export async function verifiedAccount(
  world: ContractWorld,
  sink: SmtpSink,
): Promise<TestAccount & { readonly email: string }> {
  const account = await world.account();
  const email = `${account.username}@example.com`;
  await updateMe(account.client, { body: { email } });
  const message = await until(`the verification code for ${email}`, () => sink.to(email)[0]);
  const code = /^\s+([0-9]{6})\s*$/m.exec(message.raw)?.[1];
  if (code === undefined) throw new Error(`no code in the message to ${email}`);
  await verifyEmail(account.client, { body: { code } });
  sink.accepted.splice(sink.accepted.indexOf(message), 1);
  return { ...account, email };
}
