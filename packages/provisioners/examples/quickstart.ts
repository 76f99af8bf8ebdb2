import { createHetznerProvisioner, ProvisionRequestSchema } from '@dc/provisioners';
import { FakeHetznerCloud, generateSshPublicKey } from '@dc/provisioners/testing';

// The fake Hetzner Cloud stands in for api.hetzner.cloud here; for the real one, leave out
// baseUrl and pass your project's API token.
const cloud = new FakeHetznerCloud();
const baseUrl = await cloud.start();
const hetzner = createHetznerProvisioner({ token: cloud.token, baseUrl, location: 'fsn1' });

console.log((await hetzner.verifySetup()).ok); // true
const request = ProvisionRequestSchema.parse({
  contractId: 'ctr_0190f2a47c1e7b4a',
  offeringId: 'cx22',
  cpuCores: 2,
  memoryMiB: 4096,
  diskGiB: 40,
  image: 'ubuntu-24.04',
  location: 'fsn1',
  sshPublicKeys: [generateSshPublicKey('renter@laptop')],
});
const instance = await hetzner.provision(request);
console.log(instance.status); // running
console.log((await hetzner.provision(request)).externalId === instance.externalId); // true: idempotent
await hetzner.terminate(instance.externalId);
console.log(cloud.servers().length); // 0
await cloud.close();
