// The job runner against a stub API transport: what it sends, under which lease, and when.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@dc/client';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProvisionerSet } from '../../src/config/provisioners';
import type { RuntimeEvent } from '../../src/runtime/events';
import { JobRunner } from '../../src/runtime/job-runner';
import type { JobHandler } from '../../src/runtime/jobs/types';
import { type LeasedJob, Reporter } from '../../src/runtime/reporter';
import { StatusStore } from '../../src/runtime/status-store';
import { Gate, waitFor } from '../support/runtime-harness';

const JOB = '0b6b2c4e-8d8e-4f7a-9a51-7f2a1d3c9e10';
const CONTRACT = 'c2a9b1d4-1f4e-4f53-8a0e-0d8c5b7a6f21';
const LEASE_1 = '11111111-1111-4111-8111-111111111111';
const LEASE_2 = '22222222-2222-4222-8222-222222222222';

function leased(leaseId: string, fencingToken: number): LeasedJob {
  return {
    job_id: JOB,
    kind: 'provision',
    attempt: fencingToken,
    max_attempts: 5,
    lease_id: leaseId,
    fencing_token: fencingToken,
    lease_expires_at: '2026-03-01T09:01:00.000Z',
    payload: {},
    contract: {
      id: CONTRACT,
      status: 'provisioning',
      provisioner: 'hetzner',
      offering: {},
      ssh_public_keys: [],
      os_image: 'debian-12',
      renter_public_keys: [],
      instance: null,
    },
  };
}

interface Sent {
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** A stub API: answers renewals (or lets the test answer), completions and failures. */
function stubApi(options: { renew?: (body: Record<string, unknown>) => Promise<Response> } = {}) {
  const sent: Sent[] = [];
  const fetchStub = async (...[input, init]: Parameters<typeof fetch>) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    const body = JSON.parse(await request.text()) as Record<string, unknown>;
    sent.push({ path, body });
    if (path.endsWith('/renew')) {
      if (options.renew) return options.renew(body);
      return Response.json({ job_id: JOB, lease_expires_at: '2026-03-01T09:02:00.000Z' });
    }
    if (
      path.endsWith('/complete') &&
      body['instance'] !== undefined &&
      body['refuse'] === undefined
    ) {
      return Response.json({
        job_id: JOB,
        status: 'completed',
        attempt: 1,
        available_at: null,
        contract_status: 'provisioned',
      });
    }
    return Response.json({
      job_id: JOB,
      status: body['retryable'] === true ? 'queued' : 'failed',
      attempt: 1,
      available_at: null,
      contract_status: 'provisioning',
    });
  };
  return { sent, fetch: fetchStub as typeof fetch };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runnerWith(fetchStub: typeof fetch, provision: JobHandler) {
  const dir = mkdtempSync(join(tmpdir(), 'dc-agent-runner-'));
  dirs.push(dir);
  const logger = pino({ level: 'silent' });
  const client = createClient({ baseUrl: 'http://api.test', fetch: fetchStub, retries: 0 });
  const link = { ok() {}, failed: () => true };
  const events: RuntimeEvent[] = [];
  const status = new StatusStore(
    dir,
    {
      pid: process.pid,
      version: 't',
      api_url: 'http://api.test',
      agent_key: 'k',
      started_at: '',
      updated_at: '',
      state: 'running',
      api: { state: 'unknown', since: null, last_error: null },
      concurrency: 2,
      jobs: [],
      last_heartbeat_at: null,
      last_reconcile_at: null,
      last_health_at: null,
      orphans: [],
    },
    logger,
    Date.now,
  );
  const runner = new JobRunner({
    client,
    reporter: new Reporter(client, { backoff: { baseMs: 1, capMs: 5 }, link }),
    link,
    provisioners: {} as ProvisionerSet,
    logger,
    status,
    emit: (event) => events.push(event),
    now: Date.now,
    concurrency: 2,
    renewIntervalMs: 10,
    releaseTimeoutMs: 1_000,
    handlers: {
      provision,
      terminate: provision,
      reset_password: provision,
      rotate_ssh_key: provision,
      stop: provision,
      start: provision,
    },
  });
  return { runner, events };
}

const INSTANCE = { provisioner: 'hetzner', external_id: '4200001' };

describe('job runner', () => {
  it('carries on under a new lease when it leases a job it is still working on', async () => {
    const api = stubApi();
    const gate = new Gate();
    let builds = 0;
    const { runner, events } = runnerWith(api.fetch, async () => {
      builds += 1;
      await gate.pass();
      return { type: 'complete', completion: { instance: INSTANCE } };
    });
    runner.start(leased(LEASE_1, 1));
    // Its lease ran out during an outage; this agent leased the job again meanwhile.
    runner.start(leased(LEASE_2, 2));
    expect(runner.inFlight).toBe(1);
    gate.open();
    await waitFor('the completion', () => events.some((e) => e.type === 'job_completed'));
    expect(builds).toBe(1);
    const reports = api.sent.filter((s) => !s.path.endsWith('/renew'));
    expect(reports).toEqual([
      {
        path: `/v1/agent/jobs/${JOB}/complete`,
        body: expect.objectContaining({ lease_id: LEASE_2, fencing_token: 2 }),
      },
    ]);
  });

  it('ignores a stale answer about the old lease that arrives after its own re-lease', async () => {
    let answerOldRenewal: (response: Response) => void = () => {};
    const api = stubApi({
      renew: (body) =>
        body['lease_id'] === LEASE_1
          ? new Promise((resolve) => {
              answerOldRenewal = resolve;
            })
          : Promise.resolve(
              Response.json({ job_id: JOB, lease_expires_at: '2026-03-01T09:02:00.000Z' }),
            ),
    });
    const gate = new Gate();
    const { runner, events } = runnerWith(api.fetch, async ({ signal }) => {
      await gate.pass(signal);
      return { type: 'complete', completion: { instance: INSTANCE } };
    });
    runner.start(leased(LEASE_1, 1));
    await waitFor('a renewal of the first lease', () =>
      api.sent.some((s) => s.path.endsWith('/renew')),
    );
    runner.start(leased(LEASE_2, 2));
    answerOldRenewal(
      Response.json(
        { type: 'about:blank', title: 'Conflict', status: 409, code: 'stale_lease' },
        { status: 409 },
      ),
    );
    await waitFor('a renewal of the new lease', () =>
      api.sent.some((s) => s.path.endsWith('/renew') && s.body['lease_id'] === LEASE_2),
    );
    gate.open();
    await waitFor('the completion', () => events.some((e) => e.type === 'job_completed'));
    expect(events.filter((e) => e.type === 'job_dropped')).toEqual([]);
  });

  it('releases a job stuck in a call that ignores its signal, without waiting for it', async () => {
    const api = stubApi();
    const { runner, events } = runnerWith(api.fetch, () => new Promise(() => {}));
    runner.start(leased(LEASE_1, 1));
    await runner.drain(20);
    expect(runner.inFlight).toBe(0);
    expect(api.sent.filter((s) => s.path.endsWith('/fail'))).toEqual([
      {
        path: `/v1/agent/jobs/${JOB}/fail`,
        body: {
          lease_id: LEASE_1,
          fencing_token: 1,
          error: 'agent shutting down',
          retryable: true,
        },
      },
    ]);
    expect(events.filter((e) => e.type === 'job_released')).toEqual([
      expect.objectContaining({ jobId: JOB, jobStatus: 'queued' }),
    ]);
  });

  it('fails the attempt, retryably, when the API refuses the completion itself', async () => {
    const api = stubApi();
    const refusing: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/complete')) {
        return Response.json(
          {
            type: 'about:blank',
            title: 'Unprocessable',
            status: 422,
            code: 'credentials_not_for_renter',
            detail: 'has no slot for a renter key',
          },
          { status: 422 },
        );
      }
      return api.fetch(input, init);
    };
    const { runner, events } = runnerWith(refusing, async () => ({
      type: 'complete',
      completion: { instance: INSTANCE },
    }));
    runner.start(leased(LEASE_1, 1));
    await waitFor('the failure', () => events.some((e) => e.type === 'job_failed'));
    expect(events.find((e) => e.type === 'job_failed')).toMatchObject({
      retryable: true,
      jobStatus: 'queued',
      error:
        'the API refused the completion: 422 credentials_not_for_renter: has no slot for a renter key',
    });
  });
});
