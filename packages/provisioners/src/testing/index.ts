/**
 * `@dc/provisioners/testing`: the in-process fake clouds and the conformance suite that every
 * built-in provisioner passes and that authors of custom provisioners run against theirs.
 */
export type { ConformanceOptions, ConformanceTarget } from './conformance';
export { runProvisionerConformance } from './conformance';
export type {
  FakeFaults,
  FakeHandler,
  FakeLogEntry,
  FakeRequest,
  FakeResponse,
} from './fake-server';
export { FakeHttpServer, json } from './fake-server';
export type { FakeDigitalOceanOptions, FakeDroplet } from './fakes/digitalocean';
export {
  FAKE_DO_IMAGES,
  FAKE_DO_REGIONS,
  FAKE_DO_SIZES,
  FakeDigitalOcean,
  FakeDoState,
  testSshPublicKey,
} from './fakes/digitalocean';
export type {
  DockerTargetOptions,
  FakeContainer,
  FakeDockerOptions,
  FakeExec,
  FakeFile,
  FakeRecipeBehaviour,
  FakeRecipeRun,
} from './fakes/docker';
export {
  DOCKER_TEST_SSH_KEY,
  defaultRecipeBehaviour,
  dockerConformanceTarget,
  FakeDockerEngine,
} from './fakes/docker';
export type { FakeHetznerOptions } from './fakes/hetzner';
export {
  FAKE_HETZNER_TOKEN,
  FakeHetznerCloud,
  generateSshPublicKey,
  hetznerConformanceTarget,
} from './fakes/hetzner';
export type {
  FakeProxmoxExec,
  FakeProxmoxOptions,
  FakeProxmoxStorage,
  FakeProxmoxTask,
  FakeProxmoxVm,
} from './fakes/proxmox/index';
export {
  FakeProxmox,
  TEST_ONLY_PROXMOX_CERT_FINGERPRINT,
  TEST_ONLY_PROXMOX_CERT_PEM,
  TEST_ONLY_PROXMOX_KEY_PEM,
} from './fakes/proxmox/index';
export type { FakeVultrInstance, FakeVultrOptions } from './fakes/vultr';
export {
  FAKE_VULTR_AVAILABILITY,
  FAKE_VULTR_OS,
  FAKE_VULTR_PLANS,
  FakeVultr,
  FakeVultrState,
} from './fakes/vultr';
