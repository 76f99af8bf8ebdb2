import {
  acceptContract,
  addKey,
  addKeyProofMessage,
  type Client,
  type ClientAuth,
  type CreateSetupTokenParameters,
  createClient,
  createSetupToken,
  getMe,
  type Offering,
  type RegisterAgentReturnType,
  type RentContractReturnType,
  registerAgent,
  sendHeartbeat,
} from '@dc/client';
import { generateIdentity, type Identity, sign, signRequest } from '@dc/crypto';
import { type ContractWorld, rent, usdOffering } from '../contracts/_http';
import type { TestAccount } from '../offerings/_support';

/** A provider of the test world, with its pool. */
export type WorldProvider = TestAccount & { readonly poolId: string };

/** A registered agent: its key and a client signing with it (on the world's clock). */
export interface TestAgent {
  readonly client: Client;
  readonly identity: Identity;
  readonly delegation: RegisterAgentReturnType;
}

/** Signs on the world's clock, so the server accepts the request at any fake time. */
function clockedAuth(secretKey: Uint8Array, world: ContractWorld): ClientAuth {
  return {
    authorize(request, body) {
      const headers = signRequest({
        secretKey,
        method: request.method,
        url: request.url,
        body,
        timestamp: world.clock.now().getTime(),
      });
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    },
  };
}

/** A client signing with `identity` (a new key when omitted), as `dc-agent` would. */
export function agentClient(
  world: ContractWorld,
  identity: Identity = generateIdentity(),
): { client: Client; identity: Identity } {
  return {
    identity,
    client: createClient({
      baseUrl: world.server.url,
      auth: clockedAuth(identity.secretKey, world),
      retries: 0,
    }),
  };
}

/** A fresh setup token of the provider's pool. */
export async function setupToken(
  provider: WorldProvider,
  body: CreateSetupTokenParameters['body'] = {},
  poolId = provider.poolId,
): Promise<string> {
  return (await createSetupToken(provider.client, { id: poolId, body })).token;
}

/** Registers a new agent key for the provider's pool (region `europe`, the test pools' region). */
export async function registerNewAgent(
  world: ContractWorld,
  provider: WorldProvider,
  body: CreateSetupTokenParameters['body'] = {},
  poolId = provider.poolId,
): Promise<TestAgent> {
  const token = await setupToken(provider, body, poolId);
  const { client, identity } = agentClient(world);
  const delegation = await registerAgent(client, {
    body: { token, agent_pubkey: identity.publicKeyHex, region: 'europe' },
  });
  return { client, identity, delegation };
}

/** {@link registerNewAgent}, then a first heartbeat (when it may) declaring `docker`. */
export async function newAgent(
  world: ContractWorld,
  provider: WorldProvider,
  body: CreateSetupTokenParameters['body'] = {},
  poolId = provider.poolId,
): Promise<TestAgent> {
  const agent = await registerNewAgent(world, provider, body, poolId);
  if (agent.delegation.permissions.includes('heartbeat')) {
    await sendHeartbeat(agent.client, {
      body: { version: 'test-1', provisioner_kinds: ['docker'] },
    });
  }
  return agent;
}

/** Adds `identity` as another key (a second device) of `account`. */
export async function addRenterKey(account: TestAccount, identity: Identity): Promise<void> {
  const me = await getMe(account.client, {});
  const proof = Buffer.from(
    sign(new TextEncoder().encode(addKeyProofMessage(me.id)), identity.secretKey),
  ).toString('hex');
  await addKey(account.client, { body: { public_key: identity.publicKeyHex, proof } });
}

/** A `docker` offering of the provider's pool, so its contracts are the pool agents' work. */
export function dockerOffering(provider: WorldProvider): Promise<Offering> {
  return usdOffering(provider, { provisioner: 'docker', pool_id: provider.poolId });
}

/** A funded renter rents `offering` and the provider accepts: a provision job is queued. */
export async function acceptedContract(
  world: ContractWorld,
  provider: WorldProvider,
  offering: Offering,
  renter?: TestAccount,
): Promise<{ contract: RentContractReturnType; renter: TestAccount }> {
  const who = renter ?? (await world.account());
  await world.fund(who, 100_000);
  const requested = await rent(who, offering);
  const contract = await acceptContract(provider.client, { id: requested.id });
  return { contract, renter: who };
}

/**
 * Sends a request signed by `identity` without the client's own checks, to see what the server
 * itself answers to a body the client would refuse to send.
 */
export async function rawSigned(
  world: ContractWorld,
  identity: Identity,
  method: string,
  path: string,
  body: unknown,
): Promise<{
  status: number;
  json: { code?: string; detail?: string; errors?: { path: string }[] };
}> {
  const text = JSON.stringify(body);
  const request = new Request(world.server.url + path, {
    method,
    body: text,
    headers: { 'content-type': 'application/json' },
  });
  clockedAuth(identity.secretKey, world).authorize(request, text);
  const response = await fetch(request);
  return { status: response.status, json: (await response.json()) as never };
}
