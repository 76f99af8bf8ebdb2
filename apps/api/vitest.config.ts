import { mergeConfig } from 'vitest/config';
import { definePackageTestConfig } from '../../vitest.shared.ts';

// Suites that drive the server through @dc/client and pick their engine with DC_TEST_ENGINE:
// the `fast` project runs them on PGlite, the `postgres` project runs the same files again on
// the real PostgreSQL server (suites that already loop over both engines are not repeated).
const ENGINE_NEUTRAL_SUITES = [
  'test/{accounts,auth,offerings,providers,contracts,wallet,agents,jobs}/**/*.test.ts',
  'test/client-readme.test.ts',
  // Not numbering.test.ts nor receipts/crash.test.ts: they always run on PostgreSQL already.
  'test/invoices/{billing-settings,invoices,pdf,not-configured,due-work,unpaid}.test.ts',
  'test/receipts/receipts.test.ts',
  // Not fake-stripe.test.ts (no database) nor the crash suite (always PostgreSQL).
  'test/payments/{top-up,card-rental,webhooks,approval,webhook-burst,refund-rejection,card-extension,held-release}.test.ts',
  // Not concurrent-accrual.test.ts: it always runs on PostgreSQL.
  'test/payouts/{earnings,manual-batches,stripe-connect,adjustments}.test.ts',
  'test/vat/**/*.test.ts',
  // Not quota.test.ts (loops over both engines) nor crash.test.ts (always PostgreSQL).
  'test/notifications/{inbox,channels,term-ending,events,card-refund,telegram-link}.test.ts',
  // Not status-names.test.ts (reads sources only) nor prober/lease.test.ts (chooses its engines).
  'test/trust/{alerts,incremental,leaderboard,never-again-30,read-only-gets,record}.test.ts',
  'test/prober/{prober,worker}.test.ts',
  'test/{feedback,messages,archive}/**/*.test.ts',
  'test/chatwoot/mirror.test.ts',
];

// One PostgreSQL server for the whole run, so every suite can also run on the real engine.
export default mergeConfig(definePackageTestConfig(), {
  test: {
    globalSetup: ['./test/support/postgres-setup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ENGINE_NEUTRAL_SUITES,
          exclude: ['**/*.slow.test.ts', '**/node_modules/**'],
          env: { DC_TEST_ENGINE: 'postgres' },
          benchmark: { include: [], exclude: ['**'] },
        },
      },
    ],
  },
});
