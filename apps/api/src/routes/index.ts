import type { OperationId, Operations } from '@dc/client';
import type { Handler } from '../http/mount';
import * as accounts from './accounts/index';
import * as admin from './admin/index';
import * as agent from './agent/index';
import * as agents from './agents/index';
import * as billing from './billing/index';
import * as contracts from './contracts/index';
import * as feedback from './feedback/index';
import { getHealth } from './health';
import * as invoices from './invoices/index';
import * as messages from './messages/index';
import * as notifications from './notifications/index';
import * as offerings from './offerings/index';
import * as payments from './payments/index';
import * as payouts from './payouts/index';
import * as providers from './providers/index';
import * as trust from './trust/index';
import * as wallet from './wallet/index';

/** Every operation's handler; the type makes a missing one a compile error. */
export const handlers: { [K in OperationId]: Handler<Operations[K]> } = {
  getHealth,
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
};
