import { readFileSync } from 'node:fs';

/** The agent's version, as its package.json says (sent in every heartbeat). */
export const AGENT_VERSION: string = (() => {
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const url = new URL(path, import.meta.url);
      const parsed = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === '@dc/app-agent' && parsed.version) return parsed.version;
    } catch {
      // Not there from this layout (source vs bundle); try the next.
    }
  }
  return '0.0.0';
})();
