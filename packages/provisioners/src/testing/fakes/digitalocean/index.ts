/** The fake DigitalOcean API v2 and its conformance target. */
export { FAKE_DO_IMAGES, FAKE_DO_REGIONS, FAKE_DO_SIZES } from './catalog';
export type { FakeDigitalOceanOptions } from './fake';
export { FakeDigitalOcean } from './fake';
export type { FakeDroplet } from './state';
export { FakeDoState } from './state';
export { testSshPublicKey } from './test-key';
