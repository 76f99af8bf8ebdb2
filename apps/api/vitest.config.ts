import { mergeConfig } from 'vitest/config';
import { definePackageTestConfig } from '../../vitest.shared.ts';

// One PostgreSQL server for the whole run, so every suite can also run on the real engine.
export default mergeConfig(definePackageTestConfig(), {
  test: { globalSetup: ['./test/support/postgres-setup.ts'] },
});
