import type { FieldIssue } from '@dc/client';

/**
 * Field paths of every string holding a NUL character. PostgreSQL text cannot store U+0000,
 * so such input would fail deep in the database as a 500; it is refused up front as bad input.
 */
export function nulCharacterIssues(value: unknown, path: string): FieldIssue[] {
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? [{ path, message: 'must not contain NUL (U+0000) characters' }]
      : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => nulCharacterIssues(item, `${path}.${index}`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...(key.includes('\u0000')
        ? [{ path: `${path}.${key}`, message: 'keys must not contain NUL (U+0000) characters' }]
        : []),
      ...nulCharacterIssues(item, `${path}.${key}`),
    ]);
  }
  return [];
}
