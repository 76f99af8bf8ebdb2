import { ProvisionerError } from '../../errors';
import { abortError } from '../../http/retry';
import type { ManualCompletionSource, ManualInstanceDetails } from './completion';

interface Waiter {
  resolve(details: ManualInstanceDetails): void;
  reject(error: unknown): void;
}

/**
 * A {@link ManualCompletionSource} in memory: `complete` plays the provider entering the
 * details, `decline` the provider refusing the contract. For tests and single-process setups.
 */
export class InMemoryCompletionSource implements ManualCompletionSource {
  readonly #done = new Map<string, ManualInstanceDetails>();
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #declined = new Map<string, ProvisionerError>();

  /** The provider entered the details of a contract's server. */
  complete(contractId: string, details: Omit<ManualInstanceDetails, 'contractId'>): void {
    const full = { ...details, contractId };
    this.#done.set(contractId, full);
    this.#declined.delete(contractId);
    for (const waiter of this.#take(contractId)) waiter.resolve(full);
  }

  /** The provider refused the contract (no capacity, cannot build it): a final failure. */
  decline(contractId: string, reason: string): void {
    const error = new ProvisionerError(
      'capacity_unavailable',
      `the provider declined contract ${contractId}: ${reason}`,
      { retryable: false },
    );
    this.#declined.set(contractId, error);
    for (const waiter of this.#take(contractId)) waiter.reject(error);
  }

  /** Contracts a provision is waiting for. */
  waiting(): string[] {
    return [...this.#waiters.keys()];
  }

  waitForCompletion(contractId: string, signal?: AbortSignal): Promise<ManualInstanceDetails> {
    const done = this.#done.get(contractId);
    if (done !== undefined) return Promise.resolve(done);
    const declined = this.#declined.get(contractId);
    if (declined !== undefined) return Promise.reject(declined);
    if (signal?.aborted) return Promise.reject(reasonOf(signal));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.#waiters.get(contractId)?.delete(waiter);
        if (this.#waiters.get(contractId)?.size === 0) this.#waiters.delete(contractId);
        reject(reasonOf(signal));
      };
      const waiter: Waiter = {
        resolve: (d) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(d);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const set = this.#waiters.get(contractId) ?? new Set<Waiter>();
      set.add(waiter);
      this.#waiters.set(contractId, set);
    });
  }

  async lookup(contractId: string): Promise<ManualInstanceDetails | null> {
    return this.#done.get(contractId) ?? null;
  }

  async list(): Promise<ManualInstanceDetails[]> {
    return [...this.#done.values()];
  }

  async release(contractId: string): Promise<void> {
    this.#done.delete(contractId);
    this.#declined.delete(contractId);
  }

  #take(contractId: string): Waiter[] {
    const waiters = [...(this.#waiters.get(contractId) ?? [])];
    this.#waiters.delete(contractId);
    return waiters;
  }
}

function reasonOf(signal: AbortSignal | undefined): ProvisionerError {
  return signal?.reason instanceof ProvisionerError ? signal.reason : abortError(signal);
}
