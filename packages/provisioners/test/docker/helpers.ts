import type { Logger } from '../../src/logger';
import { DOCKER_TEST_SSH_KEY } from '../../src/testing/fakes/docker';
import type { ProvisionRequest } from '../../src/types';

/** A logger that keeps every line, for assertions on what was (not) logged. */
export function recordingLogger(): Logger & {
  lines: { level: string; obj: object; msg: string | undefined }[];
  text(): string;
} {
  const lines: { level: string; obj: object; msg: string | undefined }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, msg });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => JSON.stringify(lines),
  };
}

let n = 0;
/** A valid request for a fresh contract. */
export function request(overrides: Partial<ProvisionRequest> = {}): ProvisionRequest {
  n += 1;
  return {
    contractId: `d${n.toString().padStart(4, '0')}${Date.now().toString(36)}test`,
    offeringId: 'docker-small',
    cpuCores: 2,
    memoryMiB: 1024,
    diskGiB: 10,
    image: 'ssh',
    location: 'local',
    sshPublicKeys: [
      DOCKER_TEST_SSH_KEY,
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHNlY29uZC1rZXk second@test',
    ],
    config: {},
    ...overrides,
  };
}

/** Engine calls retry at once in tests. */
export const FAST = { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 }, pollIntervalMs: 5 };
