import { type ScriptReply, ScriptReplySchema } from './protocol';

/** Secrets and secret-looking assignments blanked out of script output before it is shown. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  // Short values would blank out ordinary words; a real token is longer.
  for (const secret of secrets) if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  return out.replace(
    /((?:pass(?:word)?|passwd|secret|token|api[-_]?key|authorization)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
    '$1[redacted]',
  );
}

/** The last ~2 KiB of stderr, redacted, for an error message (empty when there was none). */
export function stderrTail(stderr: string, secrets: readonly string[]): string {
  const trimmed = stderr.trim();
  if (trimmed === '') return '';
  const tail = trimmed.length > 2048 ? `...${trimmed.slice(-2048)}` : trimmed;
  return `; stderr: ${redactText(tail, secrets)}`;
}

/**
 * Parses a script's stdout: exactly one JSON object in the reply shape. Problems are reported
 * so the script's author can fix them: the first 200 characters of output that is not JSON,
 * the field path of a field with the wrong shape.
 */
export function parseReply(
  stdout: string,
  secrets: readonly string[],
): { reply: ScriptReply } | { problem: string } {
  const trimmed = stdout.trim();
  if (trimmed === '') {
    return {
      problem:
        'it wrote nothing to stdout; expected one JSON object such as {"success": true, ...}',
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    const excerpt = redactText(trimmed.slice(0, 200), secrets);
    return {
      problem: `its stdout is not JSON (log to stderr, reply on stdout): ${JSON.stringify(excerpt)}${trimmed.length > 200 ? '...' : ''}`,
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      problem: `its stdout is not one JSON object but ${Array.isArray(value) ? 'an array' : `a ${value === null ? 'null' : typeof value}`}`,
    };
  }
  const parsed = ScriptReplySchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(root)'}: ${i.message}`,
    );
    return { problem: `its reply is malformed at ${problems.join('; ')}` };
  }
  return { reply: parsed.data };
}
