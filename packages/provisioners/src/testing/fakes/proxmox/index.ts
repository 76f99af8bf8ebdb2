/**
 * The fake Proxmox VE API for tests (here and in other packages).
 *
 * @packageDocumentation
 */
export type { FakeProxmoxOptions } from './fake-proxmox';
export { FakeProxmox } from './fake-proxmox';
export {
  TEST_ONLY_PROXMOX_CERT_FINGERPRINT,
  TEST_ONLY_PROXMOX_CERT_PEM,
  TEST_ONLY_PROXMOX_KEY_PEM,
} from './test-only-certificate';
export type { FakeProxmoxExec, FakeProxmoxStorage, FakeProxmoxTask, FakeProxmoxVm } from './world';
