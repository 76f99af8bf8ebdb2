import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as client from '../src/index';
import { type Operation, operations } from '../src/index';

const all = Object.entries(operations) as [string, Operation][];

/** Exported functions that carry an operation: the client's one-function-per-operation API. */
const actions = new Map(
  Object.entries(client as Record<string, unknown>).flatMap(([name, value]) =>
    typeof value === 'function' && 'operation' in value
      ? [[name, (value as { operation: Operation }).operation] as const]
      : [],
  ),
);

describe('the operation table', () => {
  it.each(all)('%s is keyed by its own id', (key, op) => {
    expect(op.id).toBe(key);
    expect(op.id).toMatch(/^[a-z][A-Za-z]+$/);
  });

  it('has one client function per operation, of the same name, carrying that operation', () => {
    expect([...actions.keys()].sort()).toEqual(Object.keys(operations).sort());
    for (const [name, op] of actions)
      expect(op, name).toBe((operations as Record<string, Operation>)[name]);
  });

  it('gives every method and path to one operation only', () => {
    const routes = all.map(([, op]) => `${op.method} ${op.path.replace(/\{\w+\}/g, '{}')}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it.each(all)('%s declares exactly the path parameters its path names', (_, op) => {
    const placeholders = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    expect(Object.keys(op.params?.shape ?? {}).sort()).toEqual(placeholders);
    expect(op.path).toMatch(/^\/v1\//);
  });

  it.each(all)('%s sends a body only with a method that has one', (_, op) => {
    if (op.method === 'GET') expect(op.body).toBeUndefined();
  });

  it.each(all)('%s answers 204 exactly when it has nothing to return', (_, op) => {
    const empty = op.response.safeParse(undefined).success;
    expect(op.status === 204, `${op.id}: status ${op.status}, empty response ${empty}`).toBe(empty);
  });

  it.each(all)('%s is retried only when it is safe to repeat', (_, op) => {
    // POST creates or acts; a retry after a lost answer could do it twice.
    if (op.method === 'POST') expect(op.idempotent).toBe(false);
    if (op.method === 'GET') expect(op.idempotent).toBe(true);
  });

  it.each(all)('%s names a token scope when tokens may call it', (_, op) => {
    if (op.auth === 'public' || op.auth === 'signed') expect(op.scope).toBeUndefined();
    if (op.scope !== undefined) expect(['read', 'rent', 'provider', 'agent']).toContain(op.scope);
  });

  it.each(all)(
    '%s has schemas that convert to JSON Schema (the OpenAPI document needs it)',
    (_, op) => {
      for (const schema of [op.params, op.query, op.body]) {
        if (schema)
          expect(() =>
            z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
          ).not.toThrow();
      }
      if (op.status !== 204 && op.responseType === undefined) {
        expect(() => z.toJSONSchema(op.response, { unrepresentable: 'any' })).not.toThrow();
      }
    },
  );

  it.each(all)('%s has a summary for the reference docs', (_, op) => {
    expect(op.summary.length).toBeGreaterThan(10);
    expect(op.tag).toBeTruthy();
  });
});
