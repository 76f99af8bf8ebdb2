import { readFileSync } from 'node:fs';
import { TomlLines } from './toml-lines';

/**
 * ` (line N)` for the key at `path` of the config file, or an empty string when it cannot be
 * found: for hints like "set agent.region (line 12)".
 */
export function lineHint(configPath: string, path: readonly string[]): string {
  try {
    const line = new TomlLines(readFileSync(configPath, 'utf8')).lineOf(path);
    return line === undefined ? '' : ` (line ${line})`;
  } catch {
    return '';
  }
}
