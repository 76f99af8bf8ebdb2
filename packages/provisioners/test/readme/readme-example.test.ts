import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

describe('README example', () => {
  it('is examples/quickstart.ts verbatim, and it runs and prints what its comments say', async () => {
    const example = readFileSync(new URL('../../examples/quickstart.ts', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(example);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await import('../../examples/quickstart');
    expect(log.mock.calls).toEqual([[true], ['running'], [true], [0]]);
    log.mockRestore();
  });
});
