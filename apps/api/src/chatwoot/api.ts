/** Where and as whom the mirror writes: one provider's Chatwoot account and inbox. */
export interface ChatwootTarget {
  readonly baseUrl: string;
  readonly accountId: number;
  readonly inboxId: number;
  readonly apiToken: string;
}

/** How the mirror calls Chatwoot. */
export interface ChatwootHttp {
  readonly timeoutMs: number;
  /** `fetch` by default; TLS is verified by Node's defaults. */
  readonly fetch?: typeof fetch;
}

/**
 * A Chatwoot call that did not succeed. The message names the call and the HTTP status (or the
 * network failure) and never includes the response body nor the token: it is stored and shown
 * to the provider.
 */
export class ChatwootError extends Error {
  override name = 'ChatwootError';
  constructor(
    message: string,
    /** The HTTP status, or null when no answer came (timeout, network). */
    readonly status: number | null,
  ) {
    super(message);
  }
}

async function call(
  target: ChatwootTarget,
  http: ChatwootHttp,
  what: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const url = `${target.baseUrl}/api/v1/accounts/${target.accountId}${path}`;
  let response: Response;
  try {
    response = await (http.fetch ?? fetch)(url, {
      method,
      headers: {
        accept: 'application/json',
        api_access_token: target.apiToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      redirect: 'error',
      signal: AbortSignal.timeout(http.timeoutMs),
    });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${http.timeoutMs} ms`
        : `network error (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name})`;
    throw new ChatwootError(`Chatwoot ${what}: ${reason}`, null);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ChatwootError(`Chatwoot ${what}: HTTP ${response.status}`, response.status);
  }
  try {
    return await response.json();
  } catch {
    throw new ChatwootError(`Chatwoot ${what}: the answer is not JSON`, response.status);
  }
}

const idOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;

/** A Chatwoot contact and its conversation source in the target inbox. */
export interface ChatwootContact {
  readonly contactId: number;
  readonly sourceId: string;
}

interface ContactInbox {
  readonly source_id?: unknown;
  readonly inbox?: { readonly id?: unknown } | null;
}

function sourceInInbox(list: unknown, inboxId: number): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const match = (list as ContactInbox[]).find((entry) => idOf(entry.inbox?.id) === inboxId);
  return typeof match?.source_id === 'string' ? match.source_id : undefined;
}

/**
 * The contact standing for a renter: found by `identifier` (a contact made by an earlier
 * attempt whose answer was lost is reused, not duplicated), else created in the inbox
 * (`POST /contacts` with `inbox_id`, which also makes its contact inbox and source id). A
 * found contact without a source id in this inbox gets one (`POST /contacts/{id}/contact_inboxes`).
 */
export async function ensureContact(
  target: ChatwootTarget,
  http: ChatwootHttp,
  contact: { readonly identifier: string; readonly name: string },
): Promise<ChatwootContact> {
  const found = (await call(
    target,
    http,
    'contact search',
    'GET',
    `/contacts/search?q=${encodeURIComponent(contact.identifier)}`,
  )) as { payload?: unknown };
  const existing = Array.isArray(found.payload)
    ? (found.payload as { id?: unknown; identifier?: unknown; contact_inboxes?: unknown }[]).find(
        (candidate) => candidate.identifier === contact.identifier,
      )
    : undefined;
  let contactId = idOf(existing?.id);
  let sourceId = sourceInInbox(existing?.contact_inboxes, target.inboxId);
  if (contactId === undefined) {
    const created = (await call(target, http, 'create contact', 'POST', '/contacts', {
      inbox_id: target.inboxId,
      name: contact.name,
      identifier: contact.identifier,
    })) as {
      payload?: {
        contact?: { id?: unknown; contact_inboxes?: unknown };
        contact_inbox?: ContactInbox;
      };
    };
    contactId = idOf(created.payload?.contact?.id);
    const source = created.payload?.contact_inbox?.source_id;
    sourceId =
      typeof source === 'string'
        ? source
        : sourceInInbox(created.payload?.contact?.contact_inboxes, target.inboxId);
  }
  if (contactId === undefined) {
    throw new ChatwootError('Chatwoot create contact: the answer has no contact id', null);
  }
  if (sourceId === undefined) {
    const inbox = (await call(
      target,
      http,
      'create contact inbox',
      'POST',
      `/contacts/${contactId}/contact_inboxes`,
      { inbox_id: target.inboxId },
    )) as { source_id?: unknown };
    if (typeof inbox.source_id !== 'string') {
      throw new ChatwootError('Chatwoot create contact inbox: the answer has no source_id', null);
    }
    sourceId = inbox.source_id;
  }
  return { contactId, sourceId };
}

/** A conversation in the target inbox carrying the contract id as a custom attribute. */
export async function createConversation(
  target: ChatwootTarget,
  http: ChatwootHttp,
  input: { readonly contact: ChatwootContact; readonly contractId: string },
): Promise<number> {
  const created = (await call(target, http, 'create conversation', 'POST', '/conversations', {
    source_id: input.contact.sourceId,
    inbox_id: target.inboxId,
    contact_id: input.contact.contactId,
    status: 'open',
    custom_attributes: { contract_id: input.contractId },
  })) as { id?: unknown };
  const id = idOf(created.id);
  if (id === undefined) {
    throw new ChatwootError('Chatwoot create conversation: the answer has no id', null);
  }
  return id;
}

/** One message in a conversation: `incoming` from the contact, `outgoing` from the agent side. */
export async function createMessage(
  target: ChatwootTarget,
  http: ChatwootHttp,
  conversationId: number,
  message: {
    readonly content: string;
    readonly messageType: 'incoming' | 'outgoing';
    readonly private: boolean;
  },
): Promise<number> {
  const created = (await call(
    target,
    http,
    'create message',
    'POST',
    `/conversations/${conversationId}/messages`,
    { content: message.content, message_type: message.messageType, private: message.private },
  )) as { id?: unknown };
  const id = idOf(created.id);
  if (id === undefined)
    throw new ChatwootError('Chatwoot create message: the answer has no id', null);
  return id;
}
