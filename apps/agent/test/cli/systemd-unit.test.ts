import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentSectionSchema } from '../../src/config/schema';
import { AGENT_DIR } from './_cli';

const unit = readFileSync(join(AGENT_DIR, 'dc-agent.service'), 'utf8');
const directive = (name: string) =>
  unit
    .split('\n')
    .filter((line) => line.startsWith(`${name}=`))
    .map((line) => line.slice(name.length + 1));

describe('dc-agent.service', () => {
  it('stops with SIGTERM and waits longer than the default shutdown timeout plus hand-back', () => {
    const shutdownSeconds = AgentSectionSchema.parse({ region: 'europe' }).shutdown_timeout_seconds;
    expect(directive('KillSignal')).toEqual(['SIGTERM']);
    expect(Number(directive('TimeoutStopSec')[0])).toBeGreaterThan(shutdownSeconds + 5);
    expect(directive('Restart')).toEqual(['on-failure']);
  });

  it('runs unprivileged with a read-only system and a writable state folder', () => {
    expect(directive('User')).toEqual(['dc-agent']);
    expect(directive('NoNewPrivileges')).toEqual(['yes']);
    expect(directive('ProtectSystem')).toEqual(['strict']);
    expect(directive('ReadWritePaths')).toEqual(['/var/lib/dc-agent']);
    expect(directive('ExecStart')[0]).toMatch(
      / run --json --config \/etc\/dc-agent\/dc-agent\.toml$/,
    );
  });
});
