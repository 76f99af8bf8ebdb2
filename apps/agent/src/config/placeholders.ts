// Values a template or a copied example leaves for the provider to replace. A config still
// holding one would fail later in a confusing way (401 from a cloud API), so it is refused.
const PATTERNS: readonly RegExp[] = [
  /change[_-]?me/i,
  /^<[^<>]+>$/,
  /^x{3,}([-_.]x{3,})*$/i,
  /^your[-_ ]/i,
  /^(todo|fixme|replace[_-]?me|placeholder)$/i,
];

/** Whether `value` looks like a placeholder (`CHANGE_ME`, `<token>`, `xxx`, `your-token`). */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  return PATTERNS.some((pattern) => pattern.test(trimmed));
}
