import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxCloud } from '../src/cloud';

let folder: string;
let clouds: SandboxCloud[] = [];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dc-sandbox-cloud-'));
});

afterEach(async () => {
  for (const cloud of clouds) await cloud.close().catch(() => {});
  clouds = [];
  rmSync(folder, { recursive: true, force: true });
});

async function startCloud(): Promise<SandboxCloud> {
  const cloud = await SandboxCloud.start(join(folder, 'cloud.json'), 1);
  clouds.push(cloud);
  return cloud;
}

const server = (cloud: SandboxCloud, name: string) =>
  cloud.fake.addServer({ name, labels: { 'dc-contract': name } });

describe('the local sandbox cloud', () => {
  it('keeps its servers across a restart, and never hands out their ids or addresses again', async () => {
    const first = await startCloud();
    const kept = server(first, 'kept');
    const gone = server(first, 'gone');
    first.fake.state.servers.delete(gone.id);
    await first.close();
    expect(statSync(join(folder, 'cloud.json')).mode & 0o777).toBe(0o600);

    const second = await startCloud();
    expect(second.fake.servers().map((s) => [s.id, s.name, s.status])).toEqual([
      [kept.id, 'kept', 'running'],
    ]);
    const fresh = server(second, 'fresh');
    expect(fresh.id).toBeGreaterThan(kept.public_net.ipv6?.id ?? 0);
    expect(fresh.public_net.ipv4?.ip).not.toBe(kept.public_net.ipv4?.ip);
  });

  it('answers the Hetzner API at its base URL, with the token it gives only', async () => {
    const cloud = await startCloud();
    server(cloud, 'listed');
    const list = (token: string) =>
      fetch(`${cloud.baseUrl}/servers`, { headers: { authorization: `Bearer ${token}` } });
    const answer = await list(cloud.token);
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { servers: { name: string }[] };
    expect(body.servers.map((s) => s.name)).toEqual(['listed']);
    expect((await list('wrong-token')).status).toBe(401);
  });
});
