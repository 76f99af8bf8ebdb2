import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Account, addKeyProofMessage, type Client, registerAccount } from '@dc/client';
import { type Identity, sign } from '@dc/crypto';
import type { TestServer } from '../support/server';

let counter = 0;

/** A username no other test in the file has used. */
export function uniqueUsername(prefix = 'user'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/** A freshly registered account with a client signing as its first key. */
export interface RegisteredAccount {
  readonly client: Client;
  readonly identity: Identity;
  readonly account: Account;
}

/** Registers a new account through the API. */
export async function registerNew(
  server: TestServer,
  body: { username?: string; email?: string; display_name?: string } = {},
): Promise<RegisteredAccount> {
  const { client, identity } = server.clientFor();
  const account = await registerAccount(client, { body: { username: uniqueUsername(), ...body } });
  return { client, identity, account };
}

/** The add-key proof: `identity` signs the proof message of `accountId`. */
export function proofFor(identity: Identity, accountId: string): string {
  return Buffer.from(
    sign(new TextEncoder().encode(addKeyProofMessage(accountId)), identity.secretKey),
  ).toString('hex');
}

/** The mail folder of a test server, read as a user reads their inbox. */
export class Outbox {
  private readonly seen = new Set<string>();

  constructor(private readonly dir: string) {}

  /** Messages written since the last call, with their raw text. */
  private fresh(): string[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((name) => name.endsWith('.eml'));
    } catch {
      return [];
    }
    const fresh = names.filter((name) => !this.seen.has(name));
    for (const name of fresh) this.seen.add(name);
    return fresh.map((name) => readFileSync(join(this.dir, name), 'utf8'));
  }

  /** Messages to `to` written since the last call. */
  newMessagesTo(to: string): string[] {
    return this.fresh().filter((eml) => eml.split('\r\n').includes(`To: ${to}`));
  }

  /** The verification code of the one new message to `to`; throws unless exactly one arrived. */
  codeFor(to: string): string {
    const messages = this.newMessagesTo(to);
    if (messages.length !== 1)
      throw new Error(`expected one new message to ${to}, found ${messages.length}`);
    const match = /^\s+([0-9]{6})\s*$/m.exec(messages[0] ?? '');
    if (!match?.[1]) throw new Error(`no 6-digit code in the message to ${to}`);
    return match[1];
  }
}

/** Captures the async problem an API call fails with, for status and code assertions. */
export async function failure(
  call: Promise<unknown>,
): Promise<{ status: number; code: string; detail: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { status?: number; code?: string; problem?: { detail?: string } };
    if (typeof e.status === 'number' && typeof e.code === 'string') {
      return { status: e.status, code: e.code, detail: e.problem?.detail ?? '' };
    }
    throw error;
  }
  throw new Error('expected the call to fail, it succeeded');
}
