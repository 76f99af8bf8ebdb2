/**
 * `@dc/app-sandbox`: the whole Decent Cloud platform on one machine, for trying it out and for
 * tests that need all of it (the dashboard's browser tests). `pnpm start` runs `src/main.ts`.
 *
 * @packageDocumentation
 */
export type { SandboxTelegram } from './processes/api';
export type {
  RunningSandbox,
  SandboxAccount,
  StartSandboxOptions,
} from './start-sandbox';
export { startSandbox } from './start-sandbox';
