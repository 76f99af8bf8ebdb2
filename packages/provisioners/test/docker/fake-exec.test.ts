import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger';
import { execInContainer } from '../../src/providers/docker/exec';
import { DockerClient } from '../../src/providers/docker/socket-client';
import { tarFile } from '../../src/providers/docker/tar';
import { FakeDockerEngine } from '../../src/testing/fakes/docker';

let engine: FakeDockerEngine;
afterEach(() => engine?.close());

async function setup() {
  engine = new FakeDockerEngine();
  const socketPath = await engine.start();
  const client = new DockerClient({
    socketPath,
    timeoutMs: 5_000,
    retry: { retries: 0 },
    logger: silentLogger,
  });
  return { client, socketPath, container: engine.addContainer({ name: 'box' }) };
}

const EXEC = { timeoutMs: 5_000, tailBytes: 4096, pollIntervalMs: 5, exitTimeoutMs: 1_000 };

/** One raw HTTP exchange over the socket: status, headers and body bytes. */
function raw(socketPath: string, method: string, path: string, body?: object) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const text = body === undefined ? undefined : JSON.stringify(body);
      const req = httpRequest(
        {
          socketPath,
          method,
          path,
          headers: text === undefined ? {} : { 'content-type': 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(text);
    },
  );
}

describe('fake Docker Engine: exec', () => {
  it('validates exec creation like the Engine', async () => {
    const { client, container } = await setup();
    const create = (ref: string, body: object) =>
      client.request({ method: 'POST', path: `/containers/${ref}/exec`, body });
    await expect(create(container.Id, { AttachStdout: true })).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/No exec command specified/),
    });
    await expect(create('nope', { Cmd: ['true'] })).rejects.toMatchObject({ code: 'not_found' });
    engine.stopOutOfBand(container.Id);
    await expect(create(container.Id, { Cmd: ['true'] })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/is not running/),
    });
  });

  it('answers an attached start with a length-less raw stream of frames, then the exit code', async () => {
    const { client, socketPath, container } = await setup();
    await client.request({
      method: 'PUT',
      path: `/containers/${container.Id}/archive`,
      query: { path: '/' },
      tar: tarFile({ name: 'etc/motd', content: Buffer.from('welcome\n'), mode: 0o644 }),
    });
    const { Id } = await client.request<{ Id: string }>({
      method: 'POST',
      path: `/containers/${container.Id}/exec`,
      body: { Cmd: ['cat', '/etc/motd', '/missing'], AttachStdout: true, AttachStderr: true },
    });
    const answer = await raw(socketPath, 'POST', `/v1.47/exec/${Id}/start`, { Detach: false });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/vnd.docker.raw-stream');
    expect(answer.headers['content-length']).toBeUndefined();
    expect(answer.headers['transfer-encoding']).toBeUndefined();
    const out = Buffer.from('welcome\n');
    const err = Buffer.from('cat: /missing: No such file or directory\n');
    expect(answer.body).toEqual(
      Buffer.concat([
        Buffer.from([1, 0, 0, 0, 0, 0, 0, out.length]),
        out,
        Buffer.from([2, 0, 0, 0, 0, 0, 0, err.length]),
        err,
      ]),
    );
    expect(await client.request({ method: 'GET', path: `/exec/${Id}/json` })).toMatchObject({
      ID: Id,
      ContainerID: container.Id,
      Running: false,
      ExitCode: 1,
      ProcessConfig: { entrypoint: 'cat', arguments: ['/etc/motd', '/missing'] },
    });
    // Started again: the refusal comes inside the stream, as after the Engine's hijack.
    const again = await raw(socketPath, 'POST', `/exec/${Id}/start`, {});
    expect(again.body.subarray(8).toString()).toMatch(/Exec command .* has already run\r\n$/);
    expect((await raw(socketPath, 'POST', '/exec/nope/start', {})).status).toBe(404);
  });

  it('reports programs it cannot run, and a container that stopped before the start', async () => {
    const { client, container } = await setup();
    await expect(
      execInContainer(client, container.Id, ['apt-get', 'update'], EXEC),
    ).resolves.toEqual({
      state: 'exited',
      exitCode: 127,
      output: expect.stringMatching(/exec: "apt-get": executable file not found in \$PATH/),
    });
    const { Id } = await client.request<{ Id: string }>({
      method: 'POST',
      path: `/containers/${container.Id}/exec`,
      body: { Cmd: ['true'], AttachStdout: true },
    });
    engine.stopOutOfBand(container.Id);
    await expect(
      client.rawStream({ method: 'POST', path: `/exec/${Id}/start`, body: {} }, () => undefined),
    ).resolves.toBeUndefined();
    expect(engine.execs(container.Id).at(-1)).toMatchObject({ Id, ExitCode: null, Running: false });
  });

  it('unpacks archives only into existing directories and never outside them', async () => {
    const { client, container } = await setup();
    const put = (path: string, name: string) =>
      client.request({
        method: 'PUT',
        path: `/containers/${container.Id}/archive`,
        query: { path },
        tar: tarFile({ name, content: Buffer.from('x'), mode: 0o600 }),
      });
    await expect(put('', 'a')).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(put('/no/such/dir', 'a')).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/Could not find the file \/no\/such\/dir in container box/),
    });
    await expect(put('/tmp', '../etc/passwd')).rejects.toMatchObject({ code: 'invalid_request' });
    await put('/tmp', 'deep/new/file');
    expect(engine.readFile(container.Id, '/tmp/deep/new/file')).toEqual({
      content: Buffer.from('x'),
      mode: 0o600,
    });
  });
});
