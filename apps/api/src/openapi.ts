import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { type Operation, operations, Problem } from '@dc/client';

const SIGNATURE_HEADERS = ['X-DC-Key', 'X-DC-Timestamp', 'X-DC-Nonce', 'X-DC-Signature'] as const;

function errorResponses(op: Operation) {
  const problem = { 'application/problem+json': { schema: Problem } };
  const responses: Record<string, { description: string; content: typeof problem }> = {
    '429': { description: 'Too many requests (see Retry-After)', content: problem },
  };
  if (op.params || op.query)
    responses['400'] = { description: 'Invalid path or query parameter', content: problem };
  if (op.body)
    responses['422'] = { description: 'Invalid body; `errors` lists each field', content: problem };
  if (op.auth !== 'public') {
    responses['401'] = {
      description: 'Missing, stale, replayed or bad credentials',
      content: problem,
    };
    responses['403'] = { description: 'Role or token scope not allowed', content: problem };
  }
  if (op.params) responses['404'] = { description: 'Not found', content: problem };
  if (op.method !== 'GET')
    responses['409'] = { description: 'Conflicts with current state', content: problem };
  return responses;
}

function security(op: Operation) {
  if (op.auth === 'public') return [];
  const schemes = [{ signature: [] }, ...(op.scope ? [{ token: [op.scope] }] : [])];
  return op.auth === 'optional' ? [{}, ...schemes] : schemes;
}

/**
 * The OpenAPI 3.1 document, generated from `@dc/client`'s operations: the same zod schemas the
 * server validates with and the client parses with, so the document cannot drift from either.
 */
export function openApiDocument(
  serverUrl?: string,
): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'signature', {
    type: 'apiKey',
    in: 'header',
    name: 'X-DC-Signature',
    description:
      `Ed25519 request signature: send ${SIGNATURE_HEADERS.join(', ')} over the canonical ` +
      'message DC-REQUEST-V1 (see @dc/crypto signRequest).',
  });
  registry.registerComponent('securitySchemes', 'token', {
    type: 'http',
    scheme: 'bearer',
    description: 'Scoped API token (dct_...) minted with POST /v1/me/tokens.',
  });
  for (const op of Object.values(operations) as Operation[]) {
    const success =
      op.status === 204
        ? { description: 'Done' }
        : {
            description: op.summary,
            content: {
              [op.responseType ?? 'application/json']: {
                // Bytes have no zod shape the generator knows; OpenAPI spells them so.
                schema:
                  op.responseType === 'application/pdf'
                    ? { type: 'string' as const, format: 'binary' }
                    : op.response,
              },
            },
          };
    registry.registerPath({
      operationId: op.id,
      method: op.method.toLowerCase() as 'get',
      path: op.path,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      security: security(op),
      request: {
        ...(op.params ? { params: op.params } : {}),
        ...(op.query ? { query: op.query } : {}),
        ...(op.body
          ? { body: { content: { 'application/json': { schema: op.body } }, required: true } }
          : {}),
      },
      responses: { [String(op.status)]: success, ...errorResponses(op) },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Decent Cloud API',
      version: '1',
      description:
        'Rent servers from many providers through one API. Errors are RFC 9457 problem documents ' +
        'with a stable `code`. Use the typed client `@dc/client`.',
    },
    servers: serverUrl ? [{ url: serverUrl }] : [],
  });
}
