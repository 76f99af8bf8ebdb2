import type { z } from 'zod';
import type { FieldIssue } from './schemas/problem';

/** Turns zod issues into `{path, message}` pairs with a dotted path under `root`. */
export function fieldIssues(issues: readonly z.core.$ZodIssue[], root: string): FieldIssue[] {
  return issues.map((issue) => ({
    path: [root, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

/** `path: message; …`: field issues as one line, for error messages. */
export function joinFieldIssues(issues: readonly FieldIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}

/** One line per issue, for error messages. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root: string): string {
  return joinFieldIssues(fieldIssues(issues, root));
}
