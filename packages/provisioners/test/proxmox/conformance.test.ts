import { runProvisionerConformance } from '../../src/testing/conformance';
import { FakeProxmox } from '../../src/testing/fakes/proxmox/index';

runProvisionerConformance('proxmox', () => new FakeProxmox().conformanceTarget());
