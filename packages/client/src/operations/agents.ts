import { z } from 'zod';
import {
  Agent,
  ManualCompletion,
  ManualCompletionBody,
  RenterKeys,
  SetupToken,
  SetupTokenBody,
} from '../schemas/agent';
import { Id, PublicKeyHex } from '../schemas/common';
import { defineOperation } from './define';

// Provider-side management of agents. Creating a setup token needs a signed request (no API
// token scope): the signed request itself is kept as the evidence of the provider's authority.

const tag = 'agents';

export const createSetupToken = defineOperation('createSetupToken', {
  method: 'POST',
  path: '/v1/provider/pools/{id}/setup-tokens',
  auth: 'provider',
  tag,
  summary: 'Create a single-use, expiring setup token for an agent of the pool (shown once)',
  description:
    'Only a request signed by a key of the provider may create one; the signed request is kept ' +
    'as the evidence of the delegation the registering agent receives.',
  params: z.object({ id: Id }),
  body: SetupTokenBody,
  response: SetupToken,
  status: 201,
});

export const listAgents = defineOperation('listAgents', {
  method: 'GET',
  path: '/v1/provider/agents',
  auth: 'provider',
  scope: 'read',
  tag,
  summary: "The caller's agents: delegations, revocations and latest heartbeats",
  response: z.object({ items: z.array(Agent) }),
});

export const revokeAgent = defineOperation('revokeAgent', {
  method: 'DELETE',
  path: '/v1/provider/agents/{pubkey}',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: "Revoke an agent's delegation; its next request is refused",
  params: z.object({ pubkey: PublicKeyHex }),
  response: z.void(),
  status: 204,
});

export const getRenterKeys = defineOperation('getRenterKeys', {
  method: 'GET',
  path: '/v1/provider/contracts/{id}/renter-keys',
  auth: 'provider',
  scope: 'read',
  tag,
  summary: "The renter's active public keys, to seal a manual delivery's credentials to",
  description:
    'Only for a contract of the caller that is waiting for delivery (accepted or provisioning).',
  params: z.object({ id: Id }),
  response: RenterKeys,
});

export const completeManually = defineOperation('completeManually', {
  method: 'POST',
  path: '/v1/provider/contracts/{id}/manual-completion',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: 'Deliver a manual-provisioner contract: instance details and client-sealed credentials',
  description:
    'Credentials must be envelopes sealed in the browser to every active key of the renter; ' +
    'anything in the instance details that looks like a plaintext secret is refused (422).',
  params: z.object({ id: Id }),
  body: ManualCompletionBody,
  response: ManualCompletion,
});
