import { runProvisionerConformance } from '../../src/testing/conformance';
import { FakeDigitalOcean } from '../../src/testing/fakes/digitalocean/fake';

runProvisionerConformance('digitalocean', () => new FakeDigitalOcean().conformanceTarget());
