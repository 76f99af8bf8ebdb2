import writeFileAtomic from 'write-file-atomic';

/**
 * Writes `value` as JSON to `path` atomically (a temporary file renamed over the old one, so a
 * crash leaves the old or the new content, never half of one), readable by the owner only:
 * state files name servers and contracts. `fsync` (default true) also makes it durable before
 * resolving.
 */
export async function writeJsonAtomic(
  path: string,
  value: unknown,
  options: { readonly fsync?: boolean } = {},
): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, {
    mode: 0o600,
    fsync: options.fsync ?? true,
  });
}
