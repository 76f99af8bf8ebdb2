import { request as httpRequest, type IncomingMessage } from 'node:http';
import { generateIdentity, signRequest } from '@dc/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases';
import { parseJsonLine, type ServerProcess, startServerProcess } from '../support/process';

/** Resolves once `stdout` has a JSON log line with this `msg`. */
async function logged(server: ServerProcess, msg: string): Promise<Record<string, unknown>> {
  for (;;) {
    const entry = server
      .stdout()
      .split('\n')
      .map(parseJsonLine)
      .find((line) => line?.['msg'] === msg);
    if (entry) return entry;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(ENGINES)('SIGTERM on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('lets the request in flight finish, then exits 0 with JSON logs carrying request ids', async () => {
    const server = await startServerProcess({ ...database.env, DC_LOG_LEVEL: 'info' }, 120_000);
    try {
      // A registration whose body is held back: `Expect: 100-continue` makes the server confirm
      // it has the request before the body is sent, so SIGTERM lands mid-request.
      const url = `${server.url}/v1/accounts`;
      const body = JSON.stringify({ username: `drain_${engine}` });
      const signature = signRequest({
        secretKey: generateIdentity().secretKey,
        method: 'POST',
        url,
        body,
      });
      const request = httpRequest(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          expect: '100-continue',
          'x-request-id': 'in-flight-1',
          ...signature,
        },
      });
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        request.once('response', (message: IncomingMessage) => {
          let text = '';
          message.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
          });
          message.on('end', () => resolve({ status: message.statusCode ?? 0, body: text }));
        });
        request.on('error', reject);
      });
      const accepted = new Promise<void>((resolve) => request.once('continue', resolve));
      request.flushHeaders();
      await accepted;

      server.child.kill('SIGTERM');
      expect(await logged(server, 'shutting down')).toMatchObject({ signal: 'SIGTERM' });
      request.end(body);

      const answer = await response;
      expect(answer.status, answer.body).toBe(201);
      expect(JSON.parse(answer.body)).toMatchObject({ username: `drain_${engine}` });

      const exit = await server.exited;
      expect(exit.signal).toBeNull();
      expect(exit.status, exit.stderr).toBe(0);

      const lines = exit.stdout.split('\n').filter((line) => line.length > 0);
      const entries = lines.map(parseJsonLine);
      expect(
        entries.every((entry) => entry !== undefined),
        exit.stdout,
      ).toBe(true);
      const requestLog = entries.find((entry) => entry?.['msg'] === 'request');
      expect(requestLog).toMatchObject({
        request_id: 'in-flight-1',
        method: 'POST',
        path: '/v1/accounts',
        status: 201,
        service: 'dc-api',
      });
      const messages = entries.map((entry) => entry?.['msg']);
      expect(messages.indexOf('shutting down')).toBeLessThan(messages.indexOf('request'));
      expect(messages.at(-1)).toBe('stopped');
      // Signatures never reach the logs.
      expect(exit.stdout).not.toContain(signature['X-DC-Signature']);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
  });
});
