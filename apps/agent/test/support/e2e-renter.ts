import {
  type Contract,
  cancelContract,
  getContract,
  getContractCredentials,
  requestPasswordReset,
} from '@dc/client';
import { open } from '@dc/crypto';
import { until } from './e2e-agent';
import { type AgentWorld, unique } from './world';

/** The renter's view of a contract. */
export function contractOf(world: AgentWorld, id: string): Promise<Contract> {
  return getContract(world.renter.client, { id });
}

/** Waits until the contract reaches one of `statuses`; returns it. */
export function untilStatus(
  world: AgentWorld,
  id: string,
  statuses: readonly Contract['status'][],
  timeoutMs = 60_000,
): Promise<Contract> {
  return until(
    `contract ${id} to become ${statuses.join(' or ')}`,
    async () => {
      const contract = await contractOf(world, id);
      return statuses.includes(contract.status) && contract;
    },
    { timeoutMs, intervalMs: 200 },
  );
}

/**
 * Every root password delivered for the contract, oldest first, opened with the renter's own
 * secret key as the dashboard does (the API only ever held the sealed envelopes).
 */
export async function openedRootPasswords(world: AgentWorld, id: string): Promise<string[]> {
  const { items } = await getContractCredentials(world.renter.client, { id });
  return items
    .filter((item) => item.purpose === 'root_password')
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))
    .map((item) =>
      new TextDecoder().decode(
        open(item.envelope as never, world.renter.identity.secretKey, {
          contractId: id,
          purpose: 'root_password',
        }),
      ),
    );
}

/**
 * The renter asks for a new root password and waits until the agent delivered it sealed;
 * returns it opened.
 */
export async function resetRootPassword(world: AgentWorld, id: string): Promise<string> {
  const before = (await openedRootPasswords(world, id)).length;
  const job = await requestPasswordReset(world.renter.client, {
    id,
    body: { idempotency_key: unique('reset') },
  });
  if (job.kind !== 'reset_password') throw new Error(`queued a ${job.kind} job`);
  const passwords = await until(
    `the new password of contract ${id}`,
    async () => {
      const opened = await openedRootPasswords(world, id);
      return opened.length > before && opened;
    },
    { intervalMs: 200 },
  );
  return passwords[passwords.length - 1] as string;
}

/** The renter cancels the contract. */
export async function cancel(world: AgentWorld, id: string): Promise<Contract> {
  const { contract } = await cancelContract(world.renter.client, {
    id,
    body: { reason: 'done testing' },
  });
  return contract;
}
