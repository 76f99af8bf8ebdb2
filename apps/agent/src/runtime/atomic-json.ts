import writeFileAtomic from 'write-file-atomic';

/**
 * Writes `value` as JSON to `path` atomically (a temporary file renamed over the old one, so a
 * crash leaves the old or the new content, never half of one), readable by the owner only:
 * state files name servers and contracts.
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, {
    mode: 0o600,
    fsync: true,
  });
}
