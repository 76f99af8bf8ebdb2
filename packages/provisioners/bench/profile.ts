// The bench's workload under the CPU profiler, for finding where the provisioner side spends
// its time. Only this process is profiled (the fake runs in a child process without the flag):
//
//   node --cpu-prof --cpu-prof-dir=/tmp/dc-prof --import tsx bench/profile.ts
//   node --import tsx bench/summarise-profile.ts /tmp/dc-prof
import { FakeProcess, provisionAndTerminate } from './workload';

const SERVERS = 200;
const CONCURRENCY = 16;
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);

const fake = await FakeProcess.start();
try {
  for (let i = 0; i <= ROUNDS; i++) {
    const run = await provisionAndTerminate(
      fake,
      SERVERS,
      CONCURRENCY,
      i === 0 ? 'warm' : `prof${i}`,
    );
    console.log(
      `${i === 0 ? 'warm-up' : `round ${i}`}: ${(SERVERS / run.seconds).toFixed(1)} servers/s, ${(run.cpuMs / SERVERS).toFixed(2)} ms CPU per server, ${(run.fake.requests / SERVERS).toFixed(2)} calls per server`,
    );
  }
} finally {
  await fake.stop();
}
