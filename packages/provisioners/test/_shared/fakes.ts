import { afterEach, expect } from 'vitest';
import { isProvisionerError, type ProvisionerError } from '../../src/errors';

/**
 * Wraps a `setup` that starts a fake so every fake it started is closed after each test. Call
 * it where the `afterEach` belongs (file level or inside a `describe`): it registers one there.
 */
export function closingFakes<A extends unknown[], S extends { fake: { close(): Promise<void> } }>(
  setup: (...args: A) => Promise<S>,
): (...args: A) => Promise<S> {
  const open: S['fake'][] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((f) => f.close()));
  });
  return async (...args) => {
    const s = await setup(...args);
    open.push(s.fake);
    return s;
  };
}

/** The error a promise rejects with, asserted to be a {@link ProvisionerError}. */
export async function failure(promise: Promise<unknown>): Promise<ProvisionerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isProvisionerError(error), `expected a ProvisionerError, got ${String(error)}`).toBe(true);
  return error as ProvisionerError;
}

/** A JSON answer of a fake as a wire test reads it (an empty body reads as `{}`). */
export interface WireAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/**
 * A raw JSON caller for a fake's wire tests, with Bearer auth (`token` defaults to the one the
 * fake accepts). `base` is read on each call because the fake is started in a `beforeAll`.
 */
export function wireCaller(base: () => string, defaultToken: string) {
  return async (
    method: string,
    path: string,
    body?: unknown,
    token = defaultToken,
  ): Promise<WireAnswer> => {
    const res = await fetch(`${base()}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>,
    };
  };
}
