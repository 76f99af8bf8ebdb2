import { runProvisionerConformance } from '../../src/testing/conformance';
import { FakeHetznerCloud } from '../../src/testing/fakes/hetzner';

runProvisionerConformance('hetzner', () => new FakeHetznerCloud().conformanceTarget());
