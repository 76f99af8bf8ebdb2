// Runs the fake Hetzner Cloud in its own process for the benchmark, so the bench process's CPU
// time is the provisioner's side alone; the fake reports its own CPU (process.cpuUsage) on
// request, so it can be shown separately and is never counted as the provisioner's.
import { FakeHetznerCloud } from '../src/testing/fakes/hetzner';

const fake = new FakeHetznerCloud({ actionDelayMs: { min: 0, max: 1 }, rateLimit: 1_000_000 });
const baseUrl = await fake.start();
let cpuMark = process.cpuUsage();
let requestMark = 0;
process.send?.({ type: 'ready', baseUrl, token: fake.token });
process.on('message', async (message: { type: string }) => {
  if (message.type === 'mark') {
    // Starts a measurement window: the next `stats` reports CPU and requests since here.
    cpuMark = process.cpuUsage();
    requestMark = fake.requests.length;
    process.send?.({ type: 'marked' });
  }
  if (message.type === 'stats') {
    const cpu = process.cpuUsage(cpuMark);
    const byRoute: Record<string, number> = {};
    for (const r of fake.requests.slice(requestMark)) {
      const key = `${r.method} ${r.path.replace(/\/\d+/g, '/{id}')}`;
      byRoute[key] = (byRoute[key] ?? 0) + 1;
    }
    process.send?.({
      type: 'stats',
      servers: fake.servers().length,
      sshKeys: fake.sshKeys().length,
      requests: fake.requests.length - requestMark,
      byRoute,
      cpuMs: (cpu.user + cpu.system) / 1000,
    });
  }
  if (message.type === 'stop') {
    await fake.close();
    process.exit(0);
  }
});
