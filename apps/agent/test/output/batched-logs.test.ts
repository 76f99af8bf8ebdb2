import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutput } from '../../src/output/output';

let folder: string | undefined;
let fd: number | undefined;

afterEach(() => {
  if (fd !== undefined) closeSync(fd);
  if (folder) rmSync(folder, { recursive: true, force: true });
  fd = undefined;
  folder = undefined;
});

function batchedLog() {
  folder = mkdtempSync(join(tmpdir(), 'dc-agent-log-'));
  const path = join(folder, 'agent.log');
  fd = openSync(path, 'a');
  const output = createOutput({ json: true, interactive: false, batchLogs: true, logFd: fd });
  const lines = () =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; level: string });
  return { logger: output.logger, lines };
}

describe('the daemon log (batched JSON lines)', () => {
  it('keeps routine lines back to write them together', () => {
    const { logger, lines } = batchedLog();
    logger.info({ contract_id: 'c-1' }, 'job done');
    logger.info({ contract_id: 'c-2' }, 'job done');
    expect(lines()).toEqual([]);
  });

  it('writes a warning at once, with the lines waiting before it, so a kill -9 cannot lose it', () => {
    const { logger, lines } = batchedLog();
    logger.info({ contract_id: 'c-1' }, 'job done');
    logger.warn({ external_id: '42' }, 'orphan terminated');
    expect(lines().map((l) => [l.level, l.msg])).toEqual([
      ['info', 'job done'],
      ['warn', 'orphan terminated'],
    ]);
    logger.error('report refused');
    expect(lines().at(-1)).toMatchObject({ level: 'error', msg: 'report refused' });
  });
});
