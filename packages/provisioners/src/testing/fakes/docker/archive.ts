import { posix } from 'node:path';
import { type FakeResponse, json } from '../../fake-server';
import type { FakeFiles } from './files';
import type { FakeContainer } from './state';
import { readTar } from './tar';

const message = (status: number, text: string): FakeResponse => json(status, { message: text });

/**
 * `PUT /containers/{id}/archive?path=...`: unpacks an uncompressed tar archive into `path`,
 * which must be an existing directory, with the Engine's checks and messages. Entries that
 * would land outside `path` are refused, as the Engine's unpacker refuses a breakout.
 */
export function extractArchive(
  c: FakeContainer,
  files: FakeFiles,
  query: URLSearchParams,
  archive: Buffer,
): FakeResponse {
  const path = query.get('path') ?? '';
  if (path === '') return message(400, 'bad parameter: path cannot be empty');
  const target = posix.resolve('/', path);
  if (files.read(target) !== undefined) return message(400, 'extraction point is not a directory');
  if (!files.isDir(target))
    return message(404, `Could not find the file ${path} in container ${c.Name}`);
  let entries: ReturnType<typeof readTar>;
  try {
    entries = readTar(archive);
  } catch (error) {
    return message(400, (error as Error).message);
  }
  const strict = ['1', 'true', 'True'].includes(query.get('noOverwriteDirNonDir') ?? '');
  for (const entry of entries) {
    const at = posix.resolve(target, entry.name);
    if (at !== target && !at.startsWith(target === '/' ? '/' : `${target}/`))
      return message(400, `invalid path: ${entry.name} is outside of ${path}`);
    if (strict && entry.type === 'file' && files.isDir(at))
      return message(400, `cannot overwrite directory "${at}" with non-directory "${entry.name}"`);
    if (strict && entry.type === 'directory' && files.read(at) !== undefined)
      return message(400, `cannot overwrite non-directory "${at}" with directory "${entry.name}"`);
    if (entry.type === 'directory') files.mkdir(at);
    else files.write(at, entry.content, entry.mode & 0o7777);
  }
  return { status: 200 };
}
