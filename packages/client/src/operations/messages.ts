import { z } from 'zod';
import { Id } from '../schemas/common';
import {
  ChatwootSettings,
  ChatwootSettingsBody,
  ContractMessage,
  ListMessagesQuery,
  MarkReadBody,
  MessagePage,
  PostMessageBody,
  ThreadReadReceipts,
} from '../schemas/message';
import { defineOperation } from './define';

const tag = 'messages';
const params = z.object({ id: Id });

export const listContractMessages = defineOperation('listContractMessages', {
  method: 'GET',
  path: '/v1/contracts/{id}/messages',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "A contract's message thread (its renter, its provider or an admin)",
  description:
    'Oldest first; `order=desc` for newest first. Anyone else gets 404, as for a missing contract.',
  params,
  query: ListMessagesQuery,
  response: MessagePage,
});

export const postContractMessage = defineOperation('postContractMessage', {
  method: 'POST',
  path: '/v1/contracts/{id}/messages',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "Write in a contract's thread (renter, provider or admin)",
  description:
    'A renter message starts a response wait unless one is open: the provider is to reply within ' +
    "the offering's `response_sla_hours`; only a provider message that is not automated ends it. " +
    'With an API token the message is always `automated`; the token needs `read` and the scope ' +
    'of the party it writes as (`rent` for the renter, `provider` for the provider); admins ' +
    'sign. 422 when a renter flags a message automated.',
  params,
  body: PostMessageBody,
  response: ContractMessage,
  status: 201,
});

export const getContractReadReceipts = defineOperation('getContractReadReceipts', {
  method: 'GET',
  path: '/v1/contracts/{id}/read-receipts',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "How far each participant has read a contract's thread",
  params,
  response: ThreadReadReceipts,
});

export const markContractMessagesRead = defineOperation('markContractMessagesRead', {
  method: 'POST',
  path: '/v1/contracts/{id}/read-receipts',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "Mark a contract's thread read up to a message (receipts never move back)",
  params,
  body: MarkReadBody,
  response: ThreadReadReceipts,
});

export const getChatwootSettings = defineOperation('getChatwootSettings', {
  method: 'GET',
  path: '/v1/provider/chatwoot',
  auth: 'provider',
  scope: 'read',
  tag,
  summary: "The caller's Chatwoot mirror: settings (never the token) and mirroring status",
  response: ChatwootSettings,
});

export const putChatwootSettings = defineOperation('putChatwootSettings', {
  method: 'PUT',
  path: '/v1/provider/chatwoot',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: "Mirror the caller's contract threads into a Chatwoot inbox (off by default)",
  description:
    'Messages posted while enabled are copied to Chatwoot, one conversation per contract with ' +
    'the custom attribute `contract_id`, with retries. The platform thread stays the record: a ' +
    'Chatwoot failure never blocks or changes a message. The token is write-only.',
  body: ChatwootSettingsBody,
  response: ChatwootSettings,
});

export const deleteChatwootSettings = defineOperation('deleteChatwootSettings', {
  method: 'DELETE',
  path: '/v1/provider/chatwoot',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: 'Stop the Chatwoot mirror and forget its settings and token',
  response: z.void(),
  status: 204,
});
