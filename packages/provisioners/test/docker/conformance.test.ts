import { runProvisionerConformance } from '../../src/testing/conformance';
import { FakeDockerEngine } from '../../src/testing/fakes/docker';

runProvisionerConformance('docker', () => new FakeDockerEngine().conformanceTarget());
