import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandContext } from '../../src/cli/context';
import { parseConfig } from '../../src/config/load';
import { createOutput } from '../../src/output/output';
import { tempFolder } from './_cli';

const prompts = vi.hoisted(() => ({
  asked: [] as string[],
  answers: new Map<string, string>(),
}));

// The person at the terminal, answering by prompt message.
vi.mock('@inquirer/prompts', () => {
  const answer = async (options: { message: string; default?: string }) => {
    prompts.asked.push(options.message);
    return prompts.answers.get(options.message) ?? options.default ?? '';
  };
  return { input: answer, select: answer };
});

const { initCommand } = await import('../../src/cli/commands/init');

function terminalContext(configPath: string): CommandContext {
  const sink = { write: () => true } as unknown as NodeJS.WritableStream;
  return {
    output: createOutput({ json: false, interactive: false, stdout: sink, stderr: sink }),
    configPath,
    interactive: true,
    env: {},
    config: () => {
      throw new Error('not used');
    },
    agentConfig: () => {
      throw new Error('not used');
    },
    identity: () => {
      throw new Error('not used');
    },
    client: () => {
      throw new Error('not used');
    },
  };
}

beforeEach(() => {
  prompts.asked.length = 0;
  prompts.answers.clear();
});

describe('dc-agent init in a terminal', () => {
  it('asks for everything the flags leave out and writes the answers', async () => {
    prompts.answers.set('Decent Cloud API URL', 'https://api.example.com');
    prompts.answers.set("Region (the pool's region)", 'asia_pacific');
    prompts.answers.set('Provisioner', 'docker');
    const config = join(tempFolder(), 'dc-agent.toml');
    await initCommand(terminalContext(config), {});
    expect(prompts.asked).toEqual([
      'Decent Cloud API URL',
      "Region (the pool's region)",
      'Provisioner',
      'Agent key file',
      'State folder',
    ]);
    const loaded = parseConfig(readFileSync(config, 'utf8'), config, { env: {} });
    expect(loaded.api.url).toBe('https://api.example.com');
    expect(loaded.agent.region).toBe('asia_pacific');
    expect(loaded.agent.keyFile).toBe(join(config, '..', 'dc-agent.key'));
    expect(loaded.provisioners.map((p) => p.kind)).toEqual(['docker']);
  });

  it('asks only for what is missing', async () => {
    const config = join(tempFolder(), 'dc-agent.toml');
    prompts.answers.set("Region (the pool's region)", 'europe');
    await initCommand(terminalContext(config), {
      apiUrl: 'https://api.example.com',
      provisioner: 'hetzner',
      keyFile: './k.key',
      stateDir: './s',
    });
    expect(prompts.asked).toEqual(["Region (the pool's region)"]);
  });

  it('never asks with --non-interactive', async () => {
    const config = join(tempFolder(), 'dc-agent.toml');
    await expect(
      initCommand(terminalContext(config), { nonInteractive: true, region: 'europe' }),
    ).rejects.toThrow('without a terminal to ask in, init needs --api-url <url>');
    expect(prompts.asked).toEqual([]);
  });
});
