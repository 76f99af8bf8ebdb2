const SECRET_KEYS =
  /pass(word)?|secret|token|authorization|api[-_]?key|private|user_data|root_password|cookie/i;

/** A copy of `value` with every secret-looking field replaced by `[redacted]`, for logs. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = SECRET_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

/** Header names whose values never reach a log. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : v;
  return out;
}
