/**
 * Shared loader for the Wycheproof vector files in `./vectors/` (unmodified copies of the
 * upstream files, see `./vectors/SOURCE.md`). Not a test file itself.
 */
import { readFileSync } from 'node:fs';
import { hex } from '@scure/base';

export type WycheproofResult = 'valid' | 'invalid' | 'acceptable';

/** The fields every Wycheproof test case has, whatever the schema. */
export interface WycheproofCase {
  tcId: number;
  comment: string;
  flags: string[];
  result: WycheproofResult;
}

/** A Wycheproof vector file: `numberOfTests` cases spread over `testGroups`. */
export interface WycheproofFile<G extends { tests: WycheproofCase[] }> {
  algorithm: string;
  schema: string;
  numberOfTests: number;
  notes: Record<string, unknown>;
  testGroups: G[];
}

/** The raw bytes of `./vectors/<file>` (for the integrity check). */
export function readVectorFile(file: string): Buffer {
  return readFileSync(new URL(`./vectors/${file}`, import.meta.url));
}

/** Parses `./vectors/<file>`. */
export function loadVectors<G extends { tests: WycheproofCase[] }>(
  file: string,
): WycheproofFile<G> {
  return JSON.parse(readVectorFile(file).toString('utf8')) as WycheproofFile<G>;
}

/** Every case of every group, each paired with its group, in file order. */
export function allCases<G extends { tests: WycheproofCase[] }>(
  vectors: WycheproofFile<G>,
): { group: G; test: G['tests'][number] }[] {
  return vectors.testGroups.flatMap((group) =>
    group.tests.map((test) => ({ group, test: test as G['tests'][number] })),
  );
}

/** `tcId 12: comment [FlagA, FlagB]`, the name of the `it` for one case. */
export function caseName(test: WycheproofCase): string {
  const comment = test.comment === '' ? '(no comment)' : test.comment;
  return `tcId ${test.tcId} (${test.result}): ${comment} [${test.flags.join(', ')}]`;
}

/** Lower-case hex (Wycheproof's encoding) to bytes; '' is the empty array. */
export function fromHex(value: string): Uint8Array {
  return hex.decode(value);
}

export function toHex(value: Uint8Array): string {
  return hex.encode(value);
}

/** True for an all-zero byte string of any length (including the empty one). */
export function isAllZero(value: Uint8Array): boolean {
  return value.every((byte) => byte === 0);
}
