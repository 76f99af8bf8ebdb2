import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lifecycleMermaid, TRANSITIONS } from '../src/index';
import { diagramBlock } from './support/readme';

describe('README lifecycle diagram', () => {
  it('is the one generated from the transition table (run `pnpm readme:diagram` to update)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(diagramBlock());
  });

  it('draws one edge per (rule, from) pair, two for resume', () => {
    const edges = lifecycleMermaid()
      .split('\n')
      .filter((l) => l.includes('-->') && !l.includes('[*]'));
    const expected = TRANSITIONS.reduce(
      (n, r) => n + r.from.length * (r.event === 'resume' ? 2 : 1),
      0,
    );
    expect(edges).toHaveLength(expected);
    expect(edges).toContain('  paused --> active : resume back (system)');
    expect(edges).toContain('  requested --> accepted : accept (provider, system)');
  });
});
