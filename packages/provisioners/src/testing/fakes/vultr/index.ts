/** The fake Vultr API v2 and its conformance target. */
export { FAKE_VULTR_AVAILABILITY, FAKE_VULTR_OS, FAKE_VULTR_PLANS } from './catalog';
export type { FakeVultrOptions } from './fake';
export { FakeVultr } from './fake';
export type { FakeVultrInstance } from './state';
export { FakeVultrState } from './state';
