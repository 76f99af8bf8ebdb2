import * as accounts from './accounts';
import * as admin from './admin';
import * as agent from './agent';
import * as agents from './agents';
import * as billing from './billing';
import * as contracts from './contracts';
import * as feedback from './feedback';
import * as health from './health';
import * as invoices from './invoices';
import * as messages from './messages';
import * as notifications from './notifications';
import * as offerings from './offerings';
import * as payments from './payments';
import * as payouts from './payouts';
import * as providers from './providers';
import * as trust from './trust';
import * as wallet from './wallet';

/** Every operation of the API, by id: the single source of truth for server, client and docs. */
export const operations = {
  ...health,
  ...accounts,
  ...providers,
  ...offerings,
  ...agents,
  ...agent,
  ...wallet,
  ...admin,
  ...contracts,
  ...billing,
  ...invoices,
  ...payments,
  ...payouts,
  ...messages,
  ...feedback,
  ...notifications,
  ...trust,
} as const;
export type Operations = typeof operations;
export type OperationId = keyof Operations;

export * from './define';
