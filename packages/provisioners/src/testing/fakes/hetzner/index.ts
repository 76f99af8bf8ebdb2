/** The fake Hetzner Cloud API and its conformance target. */
export { FakeHetznerError, HETZNER_ERROR_STATUS } from './api-error';
export { FAKE_IMAGES, FAKE_LOCATIONS, FAKE_SERVER_TYPES } from './catalog';
export { hetznerConformanceTarget } from './conformance-target';
export type { FakeHetznerOptions } from './fake-hetzner';
export { FAKE_HETZNER_TOKEN, FakeHetznerCloud } from './fake-hetzner';
export { parseLabelSelector } from './label-selector';
export { generateSshPublicKey } from './ssh-keys';
export type { ActionDelay } from './state';
export { FakeHetznerState } from './state';
