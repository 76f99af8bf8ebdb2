import ky, { HTTPError, TimeoutError } from 'ky';
import type { z } from 'zod';
import type { Client } from './client';
import { errorFromProblem } from './errors/api';
import type { DcError } from './errors/base';
import { InvalidParametersError, NetworkError, ResponseShapeError } from './errors/transport';
import type { Operation, OperationParameters, OperationResult } from './operations/define';
import { Problem } from './schemas/problem';
import { fieldIssues, formatIssues } from './validation';

/** Per-call options every operation function accepts. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

function pick(source: Record<string, unknown>, schema: z.ZodObject | undefined) {
  if (!schema) return {};
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    if (source[key] !== undefined) picked[key] = source[key];
  }
  return picked;
}

function check<S extends z.ZodType>(op: Operation, where: string, schema: S, value: unknown) {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new InvalidParametersError(op.id, fieldIssues(result.error.issues, where));
  }
  return result.data;
}

/** Builds the request path and query string for an operation from validated parameters. */
export function operationUrl(op: Operation, params: Record<string, unknown>): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String(params[name])),
  );
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(pick(params, op.query))) {
    query.set(key, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

async function problemError(op: Operation, response: Response): Promise<DcError> {
  const text = await response.text().catch(() => '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return new ResponseShapeError(op.id, response.status, text.slice(0, 200) || 'empty body');
  }
  const problem = Problem.safeParse(json);
  if (!problem.success) {
    return new ResponseShapeError(op.id, response.status, text.slice(0, 200));
  }
  return errorFromProblem(problem.data);
}

/**
 * Runs one operation: validates the parameters against the operation's schemas (nothing is sent
 * if they fail), signs, sends, retries idempotent operations, maps problem documents to typed
 * errors and parses the answer with the response schema.
 */
export async function callOperation<O extends Operation>(
  client: Client,
  op: O,
  parameters: OperationParameters<O>,
  options: CallOptions = {},
): Promise<OperationResult<O>> {
  const input = (parameters ?? {}) as Record<string, unknown>;
  if (op.params) check(op, 'params', op.params, pick(input, op.params));
  if (op.query) check(op, 'query', op.query, pick(input, op.query));
  let body: string | undefined;
  if (op.body) {
    check(op, 'body', op.body, input['body']);
    // The caller's own value is sent, not the parsed one, so defaults stay the server's to apply
    // and a partial update never carries fields the caller did not set.
    body = JSON.stringify(input['body']);
  }
  const url = client.baseUrl + operationUrl(op, input);
  let response: Response;
  try {
    response = await ky(url, {
      method: op.method,
      ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
      timeout: client.timeoutMs,
      retry: op.idempotent
        ? {
            limit: client.retries,
            methods: [op.method.toLowerCase()],
            afterStatusCodes: [413, 429, 503],
          }
        : 0,
      ...(client.fetch ? { fetch: client.fetch } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      hooks: {
        beforeRequest: [(request) => client.auth?.authorize(request, body)],
      },
    });
  } catch (error) {
    if (error instanceof HTTPError) throw await problemError(op, error.response);
    if (error instanceof TimeoutError || error instanceof Error) throw new NetworkError(url, error);
    throw error;
  }
  if (!response.ok) throw await problemError(op, response);
  if (op.status === 204) return undefined as OperationResult<O>;
  if (op.responseType === 'application/pdf') {
    return new Uint8Array(await response.arrayBuffer()) as OperationResult<O>;
  }
  const text = await response.text();
  if (op.responseType === 'text/csv') return text as OperationResult<O>;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ResponseShapeError(op.id, response.status, 'body is not JSON', error);
  }
  const parsed = op.response.safeParse(json);
  if (!parsed.success) {
    throw new ResponseShapeError(
      op.id,
      response.status,
      formatIssues(parsed.error.issues, 'response'),
    );
  }
  return parsed.data as OperationResult<O>;
}
