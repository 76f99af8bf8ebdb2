import * as dc from '@dc/client';
import { type Operation, operations } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, unknown> };
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: unknown }> }
  >;
  security?: Record<string, string[]>[];
}

interface OpenApiDocument {
  openapi: string;
  info: { title?: string; version?: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

/** Every `[key, value]` pair anywhere in the document, with its JSON pointer. */
function* walk(value: unknown, pointer = ''): Generator<[string, string, unknown]> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* walk(item, `${pointer}/${index}`);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield [pointer, key, item];
      yield* walk(item, `${pointer}/${key}`);
    }
  }
}

type ClientFunction = ((...args: never[]) => unknown) & { readonly operation: Operation };

/** The client functions: exports of @dc/client that carry their operation. */
const actions = Object.entries(dc as Record<string, unknown>).flatMap(([name, value]) =>
  typeof value === 'function' && 'operation' in value
    ? [[name, value as ClientFunction] as const]
    : [],
);

let server: TestServer;
let document: OpenApiDocument;
let documentOperations: [path: string, method: string, operation: OpenApiOperation][];

beforeAll(async () => {
  server = await startTestServer();
  const response = await fetch(`${server.url}/v1/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  document = (await response.json()) as OpenApiDocument;
  documentOperations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, operation]): [string, string, OpenApiOperation] => [path, method, operation]),
  );
});

afterAll(async () => {
  await server?.stop();
});

describe('GET /v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document with a title and version', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBeTruthy();
    expect(document.info.version).toBeTruthy();
    expect(documentOperations.length).toBeGreaterThan(0);
  });

  it('gives every operation a unique operationId, a summary and a success response', () => {
    const ids = documentOperations.map(([, , operation]) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [path, method, operation] of documentOperations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      expect(operation.summary, where).toBeTruthy();
      const success = Object.keys(operation.responses ?? {}).filter((status) =>
        /^2\d\d$/.test(status),
      );
      expect(success, where).toHaveLength(1);
    }
  });

  it('describes every error response as application/problem+json with the Problem schema', () => {
    for (const [path, method, operation] of documentOperations) {
      const errors = Object.entries(operation.responses ?? {}).filter(([status]) =>
        /^[45]\d\d$/.test(status),
      );
      expect(errors.length, `${method.toUpperCase()} ${path} lists no error`).toBeGreaterThan(0);
      for (const [status, response] of errors) {
        const where = `${method.toUpperCase()} ${path} ${status}`;
        expect(Object.keys(response.content ?? {}), where).toEqual(['application/problem+json']);
        expect(response.content?.['application/problem+json']?.schema, where).toBeTruthy();
      }
    }
  });

  it('declares 401 and a security requirement on every operation that needs credentials', () => {
    const byId = new Map(
      documentOperations.map(([, , operation]) => [operation.operationId, operation]),
    );
    for (const op of Object.values(operations) as Operation[]) {
      const documented = byId.get(op.id);
      if (op.auth === 'public') {
        expect(documented?.security ?? [], op.id).toEqual([]);
        continue;
      }
      expect(Object.keys(documented?.responses ?? {}), op.id).toContain('401');
      const schemes = (documented?.security ?? []).flatMap((requirement) =>
        Object.keys(requirement),
      );
      expect(schemes, op.id).toContain('signature');
      for (const scheme of schemes) {
        expect(document.components?.securitySchemes, `${op.id} uses ${scheme}`).toHaveProperty(
          scheme,
        );
      }
    }
  });

  it('declares each {placeholder} of a path as a required path parameter', () => {
    for (const [path, method, operation] of documentOperations) {
      const placeholders = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      const declared = (operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'path')
        .map((parameter) => {
          expect(parameter.required, `${method} ${path} ${parameter.name}`).toBe(true);
          return parameter.name;
        })
        .sort();
      expect(declared, `${method.toUpperCase()} ${path}`).toEqual(placeholders);
    }
  });

  it('uses JSON Schema 2020-12 as 3.1 requires (no 3.0 `nullable`) and resolves every $ref', () => {
    for (const [pointer, key, value] of walk(document)) {
      // `nullable` is 3.0 syntax; in 3.1 a nullable type is `type: [..., "null"]` or anyOf.
      if (key === 'nullable' && !pointer.endsWith('/properties')) {
        throw new Error(`3.0 keyword "nullable" at ${pointer}`);
      }
      if (key === '$ref' && !pointer.endsWith('/properties')) {
        expect(typeof value, pointer).toBe('string');
        const match = /^#\/components\/(\w+)\/(.+)$/.exec(String(value));
        expect(match, `${pointer}: ${String(value)}`).not.toBeNull();
        const [, section = '', name = ''] = match ?? [];
        const components = (document.components ?? {}) as Record<string, Record<string, unknown>>;
        expect(components[section], `${pointer} -> ${String(value)}`).toHaveProperty([name]);
      }
    }
  });

  it('lists exactly the operations of @dc/client, with their methods and paths', () => {
    const documented = documentOperations
      .map(
        ([path, method, operation]) => `${operation.operationId} ${method.toUpperCase()} ${path}`,
      )
      .sort();
    const declared = (Object.values(operations) as Operation[])
      .map((op) => `${op.id} ${op.method} ${op.path}`)
      .sort();
    expect(documented).toEqual(declared);
  });

  it('lists exactly the client functions @dc/client exports, each named after its operation', () => {
    const documented = documentOperations.map(([, , operation]) => operation.operationId).sort();
    const functions = actions.map(([name]) => name).sort();
    expect(documented).toEqual(functions);
    for (const [name, fn] of actions) expect(fn.operation.id, name).toBe(name);
    // And the table of operations has no entry without a function.
    expect(Object.keys(operations).sort()).toEqual(functions);
  });
});

describe('GET /docs', () => {
  it('is an HTML page that loads the reference from /v1/openapi.json', async () => {
    const response = await fetch(`${server.url}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('data-url="/v1/openapi.json"');
  });
});
