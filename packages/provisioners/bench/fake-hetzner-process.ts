// Runs the fake Hetzner Cloud in its own process for the benchmark, so the bench process's CPU
// time is the provisioner's side alone (provisioner, hcloud-js/axios, HTTP client).
import { FakeHetznerCloud } from '../src/testing/fakes/hetzner';

const fake = new FakeHetznerCloud({ actionDelayMs: { min: 0, max: 1 }, rateLimit: 1_000_000 });
const baseUrl = await fake.start();
process.send?.({ type: 'ready', baseUrl, token: fake.token });
process.on('message', async (message: { type: string }) => {
  if (message.type === 'stats') {
    process.send?.({
      type: 'stats',
      servers: fake.servers().length,
      sshKeys: fake.sshKeys().length,
      requests: fake.requests.length,
    });
  }
  if (message.type === 'stop') {
    await fake.close();
    process.exit(0);
  }
});
