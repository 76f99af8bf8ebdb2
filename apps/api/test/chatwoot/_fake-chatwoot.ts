import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake received. */
export interface ChatwootRequest {
  readonly method: string;
  readonly path: string;
  readonly token: string | undefined;
  readonly body: Record<string, unknown> | undefined;
}

interface Contact {
  readonly id: number;
  readonly name: string;
  readonly identifier: string;
  readonly inboxId: number;
  readonly sourceId: string;
}

export interface FakeConversation {
  readonly id: number;
  readonly accountId: number;
  readonly inboxId: number;
  readonly contactId: number;
  readonly sourceId: string;
  readonly customAttributes: Record<string, unknown>;
}

export interface FakeMessage {
  readonly id: number;
  readonly conversationId: number;
  readonly content: string;
  readonly messageType: string;
  readonly private: boolean;
}

type Route = 'contact' | 'conversation' | 'message';

/**
 * Chatwoot's application API as the mirror uses it (contacts search/create, contact inboxes,
 * conversations, messages), over real HTTP on loopback, checking the `api_access_token`
 * header. Faults: answer a route with an error status, or do the work and drop the answer.
 */
export class FakeChatwoot {
  readonly requests: ChatwootRequest[] = [];
  readonly contacts: Contact[] = [];
  readonly conversations: FakeConversation[] = [];
  readonly messages: FakeMessage[] = [];
  private readonly faults: { route: Route; kind: 'status' | 'lose'; status: number }[] = [];
  private nextId = 100;
  private server: Server | undefined;
  url = '';

  constructor(readonly token: string) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void this.handle(request, response);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** The next `count` calls of `route` answer `status` without doing anything. */
  failNext(route: Route, status: number, count = 1): void {
    for (let index = 0; index < count; index += 1)
      this.faults.push({ route, kind: 'status', status });
  }

  /** The next call of `route` is carried out, then its connection is dropped unanswered. */
  loseNextAnswer(route: Route): void {
    this.faults.push({ route, kind: 'lose', status: 0 });
  }

  private takeFault(route: Route) {
    const index = this.faults.findIndex((fault) => fault.route === route);
    return index < 0 ? undefined : this.faults.splice(index, 1)[0];
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://fake');
    const body = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
    const token = request.headers['api_access_token'];
    this.requests.push({
      method: request.method ?? '',
      path: url.pathname + url.search,
      token: typeof token === 'string' ? token : undefined,
      body,
    });
    const send = (status: number, json: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(json));
    };
    if (token !== this.token) return send(401, { error: 'Invalid Access Token' });
    const match = /^\/api\/v1\/accounts\/(\d+)(\/.*)$/.exec(url.pathname);
    if (match === null) return send(404, { error: 'not found' });
    const accountId = Number(match[1]);
    const rest = match[2] ?? '';
    const route: Route | undefined =
      rest === '/contacts' || /^\/contacts\/\d+\/contact_inboxes$/.test(rest)
        ? 'contact'
        : rest === '/conversations'
          ? 'conversation'
          : /^\/conversations\/\d+\/messages$/.test(rest)
            ? 'message'
            : undefined;
    const fault =
      route === undefined || request.method !== 'POST' ? undefined : this.takeFault(route);
    if (fault?.kind === 'status') return send(fault.status, { error: 'injected' });
    const answer = (status: number, json: unknown) => {
      if (fault?.kind === 'lose') {
        response.socket?.destroy();
        return;
      }
      send(status, json);
    };
    const contactJson = (contact: Contact) => ({
      id: contact.id,
      name: contact.name,
      identifier: contact.identifier,
      contact_inboxes: [{ source_id: contact.sourceId, inbox: { id: contact.inboxId } }],
    });
    if (request.method === 'GET' && rest === '/contacts/search') {
      const q = url.searchParams.get('q') ?? '';
      return send(200, {
        meta: {},
        payload: this.contacts.filter((c) => c.identifier.includes(q)).map(contactJson),
      });
    }
    if (request.method === 'POST' && rest === '/contacts') {
      const identifier = String(body?.['identifier']);
      if (this.contacts.some((c) => c.identifier === identifier)) {
        return answer(422, { message: 'Identifier has already been taken' });
      }
      const contact: Contact = {
        id: this.nextId++,
        name: String(body?.['name']),
        identifier,
        inboxId: Number(body?.['inbox_id']),
        sourceId: `source-${this.nextId++}`,
      };
      this.contacts.push(contact);
      return answer(200, {
        payload: {
          contact: contactJson(contact),
          contact_inbox: { inbox: { id: contact.inboxId }, source_id: contact.sourceId },
        },
      });
    }
    if (request.method === 'POST' && rest === '/conversations') {
      const conversation: FakeConversation = {
        id: this.nextId++,
        accountId,
        inboxId: Number(body?.['inbox_id']),
        contactId: Number(body?.['contact_id']),
        sourceId: String(body?.['source_id']),
        customAttributes: (body?.['custom_attributes'] ?? {}) as Record<string, unknown>,
      };
      const known = this.contacts.find((c) => c.sourceId === conversation.sourceId);
      if (known === undefined) return answer(404, { error: 'source_id unknown' });
      this.conversations.push(conversation);
      return answer(200, { id: conversation.id, custom_attributes: conversation.customAttributes });
    }
    const messages = /^\/conversations\/(\d+)\/messages$/.exec(rest);
    if (request.method === 'POST' && messages !== null) {
      const conversationId = Number(messages[1]);
      if (!this.conversations.some((c) => c.id === conversationId)) {
        return answer(404, { error: 'conversation not found' });
      }
      const message: FakeMessage = {
        id: this.nextId++,
        conversationId,
        content: String(body?.['content']),
        messageType: String(body?.['message_type']),
        private: body?.['private'] === true,
      };
      this.messages.push(message);
      return answer(200, { id: message.id, content: message.content });
    }
    send(404, { error: 'not found' });
  }
}
