import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Client,
  sendHeartbeat as clientSendHeartbeat,
  createClient,
  InvalidParametersError,
  keyAuth,
  NetworkError,
  ResponseShapeError,
} from '@dc/client/agent';
import { generateIdentity } from '@dc/crypto';
import { nodeSign } from '@dc/crypto/node';
import { afterEach, describe, expect, it } from 'vitest';
import { sendHeartbeat } from '../../src/runtime/api';
import { createNodeFetch } from '../../src/runtime/node-fetch';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise((resolve) => {
          server.closeAllConnections();
          server.close(resolve);
        }),
    ),
  );
});

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local API answering with `handle`; records every request. */
async function serve(handle: (res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      handle(res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const identity = generateIdentity();
const BODY = { version: '1.2.3', provisioner_kinds: ['hetzner'], active_jobs: 2, capacity: 4 };
const ACK = { server_time: '2026-11-30T12:00:00.000Z', next_heartbeat_in_seconds: 30 };

/** The agent's client (node:http transport) and the same client on the built-in fetch. */
function clients(base: string, timeoutMs = 5_000): { lean: Client; viaFetch: Client } {
  const common = {
    baseUrl: base,
    auth: keyAuth(identity.secretKey, { signer: nodeSign }),
    retries: 0,
    timeoutMs,
  };
  return {
    lean: createClient({ ...common, fetch: createNodeFetch() }),
    viaFetch: createClient({ ...common, fetch: (input, init) => fetch(input, init) }),
  };
}

const json = (status: number, value: unknown) => (res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

/** What a call threw: its class and message. */
async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return { error, name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('expected a failure');
}

describe('agent operations over the node:http transport', () => {
  it('sends what the client sends (signed, same body) and parses the answer alike', async () => {
    const api = await serve(json(200, ACK));
    const { lean, viaFetch } = clients(api.base);
    expect(await sendHeartbeat(lean, { body: BODY })).toEqual(ACK);
    expect(await clientSendHeartbeat(viaFetch, { body: BODY })).toEqual(ACK);
    const [ours, theirs] = api.seen;
    expect(ours?.method).toBe('POST');
    expect(ours?.url).toBe('/v1/agent/heartbeat');
    expect(ours?.body).toBe(theirs?.body);
    expect(JSON.parse(ours?.body ?? '')).toEqual(BODY);
    expect(ours?.headers['content-type']).toBe('application/json');
    for (const name of ['x-dc-key', 'x-dc-timestamp', 'x-dc-nonce', 'x-dc-signature']) {
      expect(ours?.headers[name]).toEqual(expect.any(String));
      expect(theirs?.headers[name]).toEqual(expect.any(String));
    }
    expect(ours?.headers['x-dc-key']).toBe(identity.publicKeyHex);
    // Fresh nonce per request.
    expect(ours?.headers['x-dc-nonce']).not.toBe(theirs?.headers['x-dc-nonce']);
  });

  it('turns a problem document into the same typed error as the client', async () => {
    const problem = {
      type: 'https://decent-cloud.example/problems/stale_lease',
      title: 'Stale lease',
      status: 409,
      code: 'stale_lease',
      detail: 'the lease of job 7 was taken over',
    };
    const api = await serve((res) => {
      res.writeHead(409, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify(problem));
    });
    const { lean, viaFetch } = clients(api.base);
    const ours = await failureOf(sendHeartbeat(lean, { body: BODY }));
    const theirs = await failureOf(clientSendHeartbeat(viaFetch, { body: BODY }));
    expect(ours.name).toBe(theirs.name);
    expect(ours.message).toBe(theirs.message);
    expect(ours.error).toMatchObject({ code: (theirs.error as { code?: unknown }).code });
  });

  it('refuses an answer that is not what the operation promises', async () => {
    const api = await serve(json(200, { server_time: 'yesterday' }));
    const { lean } = clients(api.base);
    const failed = await failureOf(sendHeartbeat(lean, { body: BODY }));
    expect(failed.error).toBeInstanceOf(ResponseShapeError);
    const html = await serve((res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway</html>');
    });
    const proxied = await failureOf(sendHeartbeat(clients(html.base).lean, { body: BODY }));
    expect(proxied.error).toBeInstanceOf(ResponseShapeError);
    expect(proxied.error).toMatchObject({ status: 502 });
  });

  it('sends nothing for invalid parameters', async () => {
    const api = await serve(json(200, ACK));
    const { lean } = clients(api.base);
    const failed = await failureOf(
      sendHeartbeat(lean, { body: { ...BODY, version: '' } } as never),
    );
    expect(failed.error).toBeInstanceOf(InvalidParametersError);
    expect(api.seen).toEqual([]);
  });

  it('gives a NetworkError when the API is unreachable, times out or the caller aborts', async () => {
    const api = await serve(json(200, ACK));
    const { base } = api;
    await new Promise((resolve) => {
      servers[0]?.closeAllConnections();
      servers[0]?.close(resolve);
      servers.splice(0);
    });
    const refused = await failureOf(sendHeartbeat(clients(base).lean, { body: BODY }));
    expect(refused.error).toBeInstanceOf(NetworkError);

    const silent = await serve(() => {});
    const timedOut = await failureOf(sendHeartbeat(clients(silent.base, 200).lean, { body: BODY }));
    expect(timedOut.error).toBeInstanceOf(NetworkError);

    const controller = new AbortController();
    const pending = failureOf(
      sendHeartbeat(clients(silent.base).lean, { body: BODY }, { signal: controller.signal }),
    );
    controller.abort();
    expect((await pending).error).toBeInstanceOf(NetworkError);
  });

  it('leaves a client with another fetch to the client (tests, proxies)', async () => {
    const api = await serve(json(200, ACK));
    const used: string[] = [];
    const client = createClient({
      baseUrl: api.base,
      auth: keyAuth(identity.secretKey, { signer: nodeSign }),
      retries: 0,
      fetch: (input, init) => {
        used.push(input instanceof Request ? input.url : String(input));
        return fetch(input, init);
      },
    });
    expect(await sendHeartbeat(client, { body: BODY })).toEqual(ACK);
    expect(used).toEqual([`${api.base}/v1/agent/heartbeat`]);
  });
});
