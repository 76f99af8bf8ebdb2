import { isProvisionerError } from '@dc/provisioners/core';
import { ProvisionRequestError } from '../provision-request';
import { NoRecipientError } from '../seal-credentials';
import { JobDeferredError, JobRefusedError, type JobResult } from './types';

/**
 * The failure report for an error a handler threw: a provisioner's own `retryable` decides for
 * its errors; a job the agent cannot do (bad request, no renter key, missing capability) is
 * final; anything unexpected is retryable, since a later attempt often succeeds. Messages are
 * error messages only (provisioners redact theirs), never request or instance data.
 */
export function failureOf(error: unknown): Extract<JobResult, { type: 'fail' }> {
  if (isProvisionerError(error)) {
    return { type: 'fail', error: `${error.code}: ${error.message}`, retryable: error.retryable };
  }
  if (
    error instanceof JobRefusedError ||
    error instanceof ProvisionRequestError ||
    error instanceof NoRecipientError
  ) {
    return { type: 'fail', error: error.message, retryable: false };
  }
  if (error instanceof JobDeferredError)
    return { type: 'fail', error: error.message, retryable: true };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { type: 'fail', error: `unexpected error: ${message}`, retryable: true };
}
