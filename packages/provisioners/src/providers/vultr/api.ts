import type { HttpClient } from '../../http/client';
import { collectPages } from '../../http/paginate';
import { accountKeyStore } from '../_tagged-cloud/key-api';
import type { KeyStore } from '../_tagged-cloud/ssh-keys';
import type {
  VultrAccount,
  VultrCreateInstance,
  VultrInstance,
  VultrMeta,
  VultrOs,
  VultrPlan,
  VultrSshKey,
} from './wire';

/** The Vultr API v2 calls the provisioner makes, typed; every list follows the cursor to the end. */
export class VultrApi {
  readonly #http: HttpClient;
  readonly #pageSize: number;
  /** The account SSH keys (`/v2/ssh-keys`). */
  readonly keys: KeyStore;

  constructor(http: HttpClient, pageSize: number) {
    this.#http = http;
    this.#pageSize = pageSize;
    this.keys = accountKeyStore(http, '/ssh-keys', 'ssh_key', (signal) =>
      this.#all<VultrSshKey>('/ssh-keys', 'ssh_keys', signal),
    );
  }

  /** All items of a list: `?per_page=N&cursor=C`, next cursor in `meta.links.next` (`""` at the end). */
  #all<T>(path: string, key: string, signal?: AbortSignal, query: Record<string, string> = {}) {
    return collectPages<T, string>('', async (cursor) => {
      const body = await this.#http.request<{ meta?: VultrMeta } & Record<string, unknown>>({
        method: 'GET',
        path,
        query: { ...query, per_page: this.#pageSize, cursor: cursor === '' ? undefined : cursor },
        signal,
      });
      const next = body.meta?.links.next ?? '';
      return {
        items: (body[key] ?? []) as T[],
        next: next === '' || next === cursor ? null : next,
      };
    });
  }

  async account(signal?: AbortSignal): Promise<VultrAccount> {
    return (
      await this.#http.request<{ account: VultrAccount }>({
        method: 'GET',
        path: '/account',
        signal,
      })
    ).account;
  }

  /** `GET /v2/instances?tag=...`, all pages. */
  instancesByTag(tag: string, signal?: AbortSignal): Promise<VultrInstance[]> {
    return this.#all<VultrInstance>('/instances', 'instances', signal, { tag });
  }

  async instance(id: string, signal?: AbortSignal): Promise<VultrInstance | null> {
    const body = await this.#http.requestOrNull<{ instance: VultrInstance }>({
      method: 'GET',
      path: `/instances/${id}`,
      signal,
    });
    return body?.instance ?? null;
  }

  /** `POST /v2/instances`: not re-sent on failure (the caller adopts by tag instead). */
  async createInstance(body: VultrCreateInstance, signal?: AbortSignal): Promise<VultrInstance> {
    return (
      await this.#http.request<{ instance: VultrInstance }>({
        method: 'POST',
        path: '/instances',
        json: body,
        signal,
      })
    ).instance;
  }

  /** `DELETE /v2/instances/{id}`; an instance already gone is success. */
  async deleteInstance(id: string, signal?: AbortSignal): Promise<void> {
    await this.#http.requestOrNull<null>({ method: 'DELETE', path: `/instances/${id}`, signal });
  }

  /** `POST /v2/instances/{id}/halt` or `/start`; both are safe to send twice. */
  async power(id: string, action: 'halt' | 'start', signal?: AbortSignal): Promise<void> {
    await this.#http.request<null>({
      method: 'POST',
      path: `/instances/${id}/${action}`,
      idempotent: true,
      signal,
    });
  }

  /** Plan ids a region has in stock now, or `null` when the region does not exist. */
  async availablePlans(region: string, signal?: AbortSignal): Promise<string[] | null> {
    const body = await this.#http.requestOrNull<{ available_plans: string[] }>({
      method: 'GET',
      path: `/regions/${region}/availability`,
      signal,
    });
    return body?.available_plans ?? null;
  }

  /** Every plan (`type=all`: cloud compute, high frequency, ...). */
  plans(signal?: AbortSignal): Promise<VultrPlan[]> {
    return this.#all<VultrPlan>('/plans', 'plans', signal, { type: 'all' });
  }

  os(signal?: AbortSignal): Promise<VultrOs[]> {
    return this.#all<VultrOs>('/os', 'os', signal);
  }
}
