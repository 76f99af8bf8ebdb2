/**
 * The agent operations the runtime calls, with the signatures of `@dc/client/agent`'s, sent
 * without the `fetch` machinery when the client uses the agent's own node:http transport.
 *
 * Why: the client sends every call through ky and the `fetch` API, so each lease, report and
 * heartbeat builds and clones `Request`s, reads bodies through web streams, races abort
 * signals and builds a `Response`; measured with the bench, that cost the agent more CPU per
 * call than signing, parsing and the HTTP exchange together. These functions do what
 * `callOperation` does for a non-retried operation (validate, sign with the client's auth,
 * send, map problem documents to the client's typed errors, parse the answer with the
 * operation's schema) over {@link NodeTransport.send}. With any other `fetch` (tests, proxies)
 * or a retried operation they are the client's own functions.
 */
import {
  type CallOptions,
  type Client,
  completeJob as clientCompleteJob,
  failJob as clientFailJob,
  leaseJobs as clientLeaseJobs,
  reconcileInstances as clientReconcileInstances,
  renewJobLease as clientRenewJobLease,
  reportHealth as clientReportHealth,
  sendHeartbeat as clientSendHeartbeat,
  errorFromProblem,
  fieldIssues,
  formatIssues,
  InvalidParametersError,
  NetworkError,
  type Operation,
  type OperationParameters,
  type OperationResult,
  operationUrl,
  Problem,
  ResponseShapeError,
} from '@dc/client/agent';
import type { z } from 'zod';
import { nodeTransportOf } from './node-fetch';

/** The function of an operation, as `@dc/client` makes them: `completeJob(client, {...})`. */
type Action<O extends Operation> = (
  client: Client,
  parameters: OperationParameters<O>,
  options?: CallOptions,
) => Promise<OperationResult<O>>;

/** A client operation function that carries its operation, as `@dc/client` makes them. */
type ClientAction<O extends Operation> = Action<O> & { readonly operation: O };

/** `action`, sent over the agent's node:http transport when the client has it. */
function lean<O extends Operation>(action: ClientAction<O>): Action<O> {
  const op = action.operation;
  // Retried operations keep ky's retry rules; the agent's own operations are all POSTs the
  // runtime retries itself.
  if (op.idempotent || op.status === 204 || op.responseType !== undefined) return action;
  return (client, parameters, options) => {
    const transport = nodeTransportOf(client.fetch);
    if (transport === undefined) return action(client, parameters, options);
    return send(transport, client, op, parameters, options ?? {});
  };
}

async function send<O extends Operation>(
  transport: NonNullable<ReturnType<typeof nodeTransportOf>>,
  client: Client,
  op: O,
  parameters: OperationParameters<O>,
  options: CallOptions,
): Promise<OperationResult<O>> {
  const input = (parameters ?? {}) as Record<string, unknown>;
  if (op.params) check(op, 'params', op.params, pick(input, op.params));
  if (op.query) check(op, 'query', op.query, pick(input, op.query));
  let body: string | undefined;
  const headers: Record<string, string> = {};
  if (op.body) {
    check(op, 'body', op.body, input['body']);
    // The caller's own value, as the client sends it (defaults stay the server's to apply).
    body = JSON.stringify(input['body']);
    headers['content-type'] = 'application/json';
  }
  const url = client.baseUrl + operationUrl(op, input);
  // The client's auth signs method, URL and body and sets its headers: all it reads or writes
  // of a request.
  client.auth?.authorize(
    {
      method: op.method,
      url,
      headers: {
        set: (name: string, value: string) => {
          headers[name.toLowerCase()] = value;
        },
      },
    } as unknown as Request,
    body,
  );
  const timeout = AbortSignal.timeout(client.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let answer: Awaited<ReturnType<typeof transport.send>>;
  try {
    answer = await transport.send({
      url: new URL(url),
      method: op.method,
      headers,
      body: body === undefined ? undefined : Buffer.from(body),
      signal,
    });
  } catch (error) {
    // As the client: every failure to get an answer (refused, reset, timed out, aborted).
    throw new NetworkError(url, timeout.aborted ? new Error('Request timed out') : error);
  }
  const text = answer.body.toString('utf8');
  if (answer.status < 200 || answer.status > 299) throw problemError(op, answer.status, text);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ResponseShapeError(op.id, answer.status, 'body is not JSON', error);
  }
  const parsed = op.response.safeParse(json);
  if (!parsed.success) {
    throw new ResponseShapeError(
      op.id,
      answer.status,
      formatIssues(parsed.error.issues, 'response'),
    );
  }
  return parsed.data as OperationResult<O>;
}

function pick(source: Record<string, unknown>, schema: z.ZodObject): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) {
    if (source[key] !== undefined) picked[key] = source[key];
  }
  return picked;
}

function check(op: Operation, where: string, schema: z.ZodType, value: unknown): void {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new InvalidParametersError(op.id, fieldIssues(result.error.issues, where));
}

function problemError(op: Operation, status: number, text: string): Error {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return new ResponseShapeError(op.id, status, text.slice(0, 200) || 'empty body');
  }
  const problem = Problem.safeParse(json);
  if (!problem.success) return new ResponseShapeError(op.id, status, text.slice(0, 200));
  return errorFromProblem(problem.data);
}

/** `POST /v1/agent/jobs/lease`. */
export const leaseJobs = lean(clientLeaseJobs);
/** `POST /v1/agent/jobs/{id}/renew`. */
export const renewJobLease = lean(clientRenewJobLease);
/** `POST /v1/agent/jobs/{id}/complete`. */
export const completeJob = lean(clientCompleteJob);
/** `POST /v1/agent/jobs/{id}/fail`. */
export const failJob = lean(clientFailJob);
/** `POST /v1/agent/heartbeat`. */
export const sendHeartbeat = lean(clientSendHeartbeat);
/** `POST /v1/agent/reconcile`. */
export const reconcileInstances = lean(clientReconcileInstances);
/** `POST /v1/agent/health`. */
export const reportHealth = lean(clientReportHealth);
