import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigSchema, configHelp, loadConfig } from '../../src/config';
import { runServerProcess } from '../support/process';

const variables = Object.keys(ConfigSchema.shape);

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('configuration from the environment', () => {
  it('names every bad variable, its value and what is allowed, in one error', () => {
    const error = configError({
      DC_API_PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      DC_LOG_LEVEL: 'loud',
    });

    expect(error.message).toContain('DC_API_PORT="abc"');
    expect(error.message).toContain(
      'DATABASE_URL="mysql://x": must be a postgres:// or postgresql:// URL',
    );
    expect(error.message).toMatch(/DC_LOG_LEVEL="loud": .*fatal.*silent/);
    expect(error.message).toContain('dc-api --help');
  });

  it.each([
    ['DC_API_PORT', '70000'],
    ['DC_API_PORT', '-1'],
    ['DC_API_PORT', '80.5'],
    ['DC_SANDBOX', 'yes'],
    ['DC_TRUST_PROXY', 'maybe'],
    ['DC_RATE_LIMIT_STORE', 'redis'],
    ['DC_RATE_LIMIT_PER_IP', '0'],
    ['DC_DB_POOL_SIZE', '1000'],
    ['DC_SIGNATURE_WINDOW_S', '5'],
    ['DC_PUBLIC_URL', 'ftp://api.example'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    const error = configError({ [name]: value });
    expect(error.message).toContain(`${name}=${JSON.stringify(value)}`);
    // Only the bad one is named.
    for (const other of variables.filter((variable) => variable !== name)) {
      expect(error.message).not.toContain(`${other}=`);
    }
  });

  it('treats an empty value as unset, so the default applies', () => {
    const config = loadConfig({ DC_API_PORT: '', DC_LOG_LEVEL: '' });
    expect(config.DC_API_PORT).toBe(8787);
    expect(config.DC_LOG_LEVEL).toBe('info');
  });

  it('reads every setting it documents', () => {
    const config = loadConfig({
      DC_API_HOST: '0.0.0.0',
      DC_API_PORT: '9000',
      DATABASE_URL: 'postgresql://user@db/dc',
      DC_SANDBOX: 'true',
      DC_ADMIN_USERNAMES: 'alice, bob ,',
      DC_RATE_LIMIT_PER_IP: '10',
    });
    expect(config).toMatchObject({
      DC_API_HOST: '0.0.0.0',
      DC_API_PORT: 9000,
      DATABASE_URL: 'postgresql://user@db/dc',
      DC_SANDBOX: true,
      DC_ADMIN_USERNAMES: ['alice', 'bob'],
      DC_RATE_LIMIT_PER_IP: 10,
      // Several instances share one PostgreSQL, so their counters must too.
      rateLimitStore: 'database',
    });
  });
});

describe('dc-api --help', () => {
  it('lists every variable with its description', () => {
    const help = configHelp();
    for (const [name, schema] of Object.entries(ConfigSchema.shape)) {
      expect(help).toContain(name);
      expect(schema.description, `${name} has no description for --help`).toBeTruthy();
      expect(help).toContain(schema.description);
    }
  });

  it('is what the server prints, without starting', async () => {
    const result = await runServerProcess({}, ['--help']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(configHelp());
  });
});

describe('the server process with a bad setting', () => {
  it('exits with status 2 and names each bad variable on stderr', async () => {
    const result = await runServerProcess({
      DC_API_PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      DC_LOG_LEVEL: 'loud',
    });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('DC_API_PORT="abc"');
    expect(result.stderr).toContain('DATABASE_URL="mysql://x"');
    expect(result.stderr).toContain('DC_LOG_LEVEL="loud"');
    // A configuration mistake is not a crash: no stack trace to wade through.
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });
});
