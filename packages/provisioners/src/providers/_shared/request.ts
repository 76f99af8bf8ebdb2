import { ProvisionerError } from '../../errors';
import { type ProvisionRequest, ProvisionRequestSchema } from '../../types';

/**
 * Validates a provision request at the provisioner boundary: callers may be plain JavaScript, so
 * the type alone proves nothing. Every problem is named in one `invalid_request` error.
 */
export function parseRequest(input: ProvisionRequest): ProvisionRequest {
  const parsed = ProvisionRequestSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new ProvisionerError('invalid_request', `invalid provision request: ${problems}`);
}

/** The message of a thrown value, for logs and setup reports (non-errors are stringified). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
