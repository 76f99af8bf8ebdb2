// The whole life of a contract with the runtime in-process, the REAL API server as a process and
// the fake Hetzner Cloud: rent (sandbox rail, auto-accepted) -> the runtime provisions -> the
// renter opens the sealed root password -> password reset -> a new sealed password -> cancel ->
// the terminate job -> the server is gone at the fake. Nothing the agent logs holds a password.

import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  cancelContract,
  getContract,
  getContractCredentials,
  requestPasswordReset,
} from '@dc/client';
import { open } from '@dc/crypto';
import type { FakeHetznerCloud } from '@dc/provisioners/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_FILE } from '../../src/runtime/index';
import {
  capturingLogger,
  hetznerOn,
  newPool,
  PasswordAtCreation,
  startFakeHetzner,
  startTestRuntime,
  waitFor,
} from '../support/runtime-harness';
import { type AgentWorld, startWorld, unique } from '../support/world';

describe('dc-agent runtime: rent to terminate', () => {
  let world: AgentWorld;
  let fake: FakeHetznerCloud;
  beforeAll(async () => {
    world = await startWorld({ provisioner: 'hetzner' });
    fake = await startFakeHetzner();
  });
  afterAll(async () => {
    await fake?.close();
    await world?.stop();
  });

  it('provisions, delivers sealed passwords the renter opens, resets, and terminates on cancel', async () => {
    const pool = await newPool(world);
    const logs = capturingLogger();
    const provisioner = new PasswordAtCreation(hetznerOn(fake, logs.logger));
    const agent = startTestRuntime(world, {
      identity: pool.identity,
      provisioners: [provisioner],
      logger: logs.logger,
    });
    try {
      await waitFor('the first heartbeat', () => agent.of('heartbeat').length > 0);
      const renter = world.renter;
      const rented = await world.rent({ offering: pool.offering });

      // Delivered: the contract names the server at the fake by the agent's provisioner name.
      const live = await waitFor('the contract to be provisioned', async () => {
        const contract = await getContract(renter.client, { id: rented.id });
        return contract.status === 'provisioned' && contract;
      });
      const [server, ...others] = fake.servers();
      expect(others).toEqual([]);
      expect(server?.labels['dc-contract']).toBe(rented.id);
      expect(live.instance).toMatchObject({
        provisioner: 'hetzner',
        external_id: String(server?.id),
        ipv4: server?.public_net.ipv4?.ip,
      });

      // The renter opens the root password sealed to their key, bound to this contract.
      const opened = async () => {
        const { items } = await getContractCredentials(renter.client, { id: rented.id });
        const newest = items.at(-1);
        if (!newest) return undefined;
        const bytes = open(newest.envelope as never, renter.identity.secretKey, {
          contractId: rented.id,
          purpose: 'root_password',
        });
        return { count: items.length, password: new TextDecoder().decode(bytes) };
      };
      const first = await waitFor('the delivered credentials', opened);
      expect(first.count).toBe(1);
      expect(first.password.length).toBeGreaterThanOrEqual(8);

      // Password reset: a reset_password job; the new password arrives sealed, and differs.
      await requestPasswordReset(renter.client, {
        id: rented.id,
        body: { idempotency_key: unique('reset') },
      });
      const second = await waitFor('the reset password', async () => {
        const now = await opened();
        return now !== undefined && now.count === 2 && now;
      });
      expect(second.password).not.toBe(first.password);
      expect(agent.of('job_completed').map((e) => e.kind)).toEqual(['provision', 'reset_password']);

      // Cancel: the terminate job removes exactly the recorded server.
      await cancelContract(renter.client, { id: rented.id, body: {} });
      await waitFor('the terminate job', () =>
        agent.of('job_completed').some((e) => e.kind === 'terminate'),
      );
      expect(fake.servers()).toEqual([]);

      // Secrets: neither password appears anywhere in what the agent (or provisioner) logged.
      const text = logs.text();
      expect(text).toMatch(/"kind":"provision".*"external_id":"\d+".*"msg":"job completed"/);
      expect(text).toMatch(/"kind":"reset_password".*"msg":"job completed"/);
      expect(text).not.toContain(first.password);
      expect(text).not.toContain(second.password);

      // status.json: what `dc-agent status` reads; no job in flight now, API reachable.
      const status = JSON.parse(readFileSync(join(agent.stateDir, STATUS_FILE), 'utf8'));
      expect(status).toMatchObject({
        pid: process.pid,
        state: 'running',
        agent_key: pool.identity.publicKeyHex,
        api: { state: 'reachable' },
      });
    } finally {
      await agent.close({ keepState: true });
    }
    const stopped = JSON.parse(readFileSync(join(agent.stateDir, STATUS_FILE), 'utf8'));
    expect(stopped).toMatchObject({ state: 'stopped', jobs: [] });
    expect(agent.events.at(-1)).toEqual({ type: 'stopped' });
    rmSync(agent.stateDir, { recursive: true, force: true });
  });
});
