import { HETZNER_LABEL_VALUE } from '../../../providers/hetzner/config';
import type { FakeRequest, FakeResponse } from '../../fake-server';
import { FakeHetznerError, invalidInput } from './api-error';
import { parseLabelSelector } from './label-selector';
import type { FakeHetznerState } from './state';

/** A Hetzner route handler; it may throw {@link FakeHetznerError}. */
export type HetznerHandler = (req: FakeRequest) => FakeResponse;

/** Registers a route under `/v1` behind auth, rate limiting and action settling. */
export type RegisterRoute = (
  method: string,
  path: string,
  handler: HetznerHandler,
  options?: { creates?: boolean },
) => void;

/** What route modules share. */
export interface RouteContext {
  readonly state: FakeHetznerState;
  /** Hetzner caps `per_page` at 50; tests lower it to force several pages. */
  readonly maxPerPage: () => number;
  /** How many servers the project may hold (`resource_limit_exceeded` beyond). */
  readonly serverLimit: () => number;
}

/** The numeric `:id` of a path, or `not_found` like the API answers for a bad id. */
export function idParam(req: FakeRequest, what: string): number {
  const { id: raw = '' } = req.params;
  if (!/^\d+$/.test(raw)) throw new FakeHetznerError('not_found', `${what} not found`);
  return Number(raw);
}

/** The JSON object body, or `json_error` / `invalid_input`. */
export function objectBody(req: FakeRequest): Record<string, unknown> {
  if (typeof req.body === 'string')
    throw new FakeHetznerError('json_error', 'invalid JSON in request body');
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    throw invalidInput('request body must be a JSON object', { body: 'expected an object' });
  }
  return req.body as Record<string, unknown>;
}

// Hetzner's label rules: key `[prefix/]name`, name and value at most 63 characters of
// [a-zA-Z0-9-_.] starting and ending alphanumeric (a value may be empty).
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;

/** Validates a `labels` field as Hetzner does. */
export function labelsField(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalidInput('invalid input in field labels', { labels: 'must be an object' });
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!LABEL_KEY.test(k))
      throw invalidInput(`invalid label key "${k}"`, { labels: `invalid key "${k}"` });
    if (typeof v !== 'string' || !HETZNER_LABEL_VALUE.test(v))
      throw invalidInput(`invalid label value for "${k}"`, { labels: `invalid value for "${k}"` });
    labels[k] = v;
  }
  return labels;
}

/** Items filtered by the `label_selector` query parameter, if any. */
export function selectByLabels<T extends { labels: Record<string, string> }>(
  items: readonly T[],
  query: URLSearchParams,
): T[] {
  const selector = query.get('label_selector');
  if (selector === null || selector === '') return [...items];
  const matches = parseLabelSelector(selector);
  return items.filter((i) => matches(i.labels));
}
