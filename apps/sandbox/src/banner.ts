import { join } from 'node:path';
import type { GetWalletReturnType } from '@dc/client';
import type { RunningSandbox } from './start-sandbox';

type WalletBalance = GetWalletReturnType['balances'][number];

/** An amount in minor units as `EUR 500.00`. */
function money(balance: WalletBalance): string {
  const units = balance.balance / 10 ** balance.currency_exponent;
  return `${balance.currency} ${units.toFixed(balance.currency_exponent)}`;
}

/** What the terminal shows once the platform is ready; `telegram`: a bot was given. */
export function banner(
  sandbox: RunningSandbox,
  balances: readonly WalletBalance[],
  telegram: boolean,
): string[] {
  const wallet = balances.length > 0 ? balances.map(money).join(', ') : 'empty';
  const rule = '='.repeat(78);
  return [
    '',
    rule,
    ' LOCAL SANDBOX: nothing here is real. The cloud is a fake, the money is test money, and',
    ' the database lives on this machine. Nothing you do here reaches a real provider.',
    rule,
    '',
    ` Dashboard    ${sandbox.url}`,
    ` API          ${sandbox.url}/v1   (reference: ${sandbox.url}/docs)`,
    telegram
      ? ' Telegram     your bot (DC_TELEGRAM_BOT_TOKEN): link a chat under Account > Notifications'
      : " Telegram     off (set DC_TELEGRAM_BOT_TOKEN to your own bot's token to link chats)",
    '',
    ` Sandbox renter "${sandbox.renter.username}" (sandbox wallet: ${wallet}).`,
    ' Sign in to the dashboard with this seed phrase:',
    '',
    `     ${sandbox.renter.seedPhrase}`,
    '',
    ` Provider "${sandbox.provider.username}" and admin "${sandbox.admin.username}" phrases:`,
    `   ${join(sandbox.dataDir, 'sandbox')}/provider.json, admin.json`,
    ` Data and logs: ${sandbox.dataDir}   (pnpm start --reset starts clean)`,
    '',
    ' Press Ctrl-C to stop.',
    '',
  ];
}
