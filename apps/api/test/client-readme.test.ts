import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from './support/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('@dc/client README example', () => {
  it('runs against the real server and prints what its comments say', async () => {
    vi.stubEnv('DC_API_URL', server.url);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await import('../../../packages/client/examples/quickstart');
    expect(log.mock.calls).toEqual([[true], [true], ['invalid_search_query']]);
    log.mockRestore();
    vi.unstubAllEnvs();
  });
});
