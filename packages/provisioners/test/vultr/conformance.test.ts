import { runProvisionerConformance } from '../../src/testing/conformance';
import { FakeVultr } from '../../src/testing/fakes/vultr/fake';

runProvisionerConformance('vultr', () => new FakeVultr().conformanceTarget());
