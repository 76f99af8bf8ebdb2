import type { HttpClient } from '../../http/client';
import { collectPages } from '../../http/paginate';
import { accountKeyStore } from '../_tagged-cloud/key-api';
import type { KeyStore } from '../_tagged-cloud/ssh-keys';
import type {
  DoAccount,
  DoAction,
  DoCreateDroplet,
  DoCreateDropletResponse,
  DoDroplet,
  DoPage,
  DoRegion,
  DoSize,
  DoSshKey,
} from './wire';

/** The DigitalOcean API v2 calls the provisioner makes, typed; every list reads all pages. */
export class DigitalOceanApi {
  readonly #http: HttpClient;
  readonly #pageSize: number;
  /** The account SSH keys (`/v2/account/keys`). */
  readonly keys: KeyStore;

  constructor(http: HttpClient, pageSize: number) {
    this.#http = http;
    this.#pageSize = pageSize;
    this.keys = accountKeyStore(http, '/account/keys', 'public_key', (signal) =>
      this.#all<DoSshKey>('/account/keys', 'ssh_keys', signal),
    );
  }

  /** All items of a list, following `links.pages.next` (its `page` parameter) to the end. */
  #all<T>(path: string, key: string, signal?: AbortSignal, query: Record<string, string> = {}) {
    return collectPages<T, number>(1, async (page) => {
      const body = await this.#http.request<DoPage & Record<string, unknown>>({
        method: 'GET',
        path,
        query: { ...query, page, per_page: this.#pageSize },
        signal,
      });
      const items = (body[key] ?? []) as T[];
      const nextUrl = body.links?.pages?.next;
      const next = nextUrl === undefined ? null : Number(new URL(nextUrl).searchParams.get('page'));
      // A next link that does not move forward would loop; treat it as the end.
      return { items, next: next !== null && Number.isInteger(next) && next > page ? next : null };
    });
  }

  async account(signal?: AbortSignal): Promise<DoAccount> {
    return (
      await this.#http.request<{ account: DoAccount }>({ method: 'GET', path: '/account', signal })
    ).account;
  }

  /** `GET /v2/droplets?tag_name=...`, all pages. */
  dropletsByTag(tag: string, signal?: AbortSignal): Promise<DoDroplet[]> {
    return this.#all<DoDroplet>('/droplets', 'droplets', signal, { tag_name: tag });
  }

  /** How many droplets the account has (`meta.total`). */
  async dropletCount(signal?: AbortSignal): Promise<number> {
    const body = await this.#http.request<DoPage>({
      method: 'GET',
      path: '/droplets',
      query: { per_page: 1 },
      signal,
    });
    return body.meta.total;
  }

  async droplet(id: string, signal?: AbortSignal): Promise<DoDroplet | null> {
    const body = await this.#http.requestOrNull<{ droplet: DoDroplet }>({
      method: 'GET',
      path: `/droplets/${id}`,
      signal,
    });
    return body?.droplet ?? null;
  }

  /** `POST /v2/droplets`: not re-sent on failure (the caller adopts by tag instead). */
  createDroplet(body: DoCreateDroplet, signal?: AbortSignal): Promise<DoCreateDropletResponse> {
    return this.#http.request<DoCreateDropletResponse>({
      method: 'POST',
      path: '/droplets',
      json: body,
      signal,
    });
  }

  /** `DELETE /v2/droplets/{id}`; a droplet already gone is success. */
  async deleteDroplet(id: string, signal?: AbortSignal): Promise<void> {
    await this.#http.requestOrNull<null>({ method: 'DELETE', path: `/droplets/${id}`, signal });
  }

  async action(id: number, signal?: AbortSignal): Promise<DoAction> {
    return (
      await this.#http.request<{ action: DoAction }>({
        method: 'GET',
        path: `/actions/${id}`,
        signal,
      })
    ).action;
  }

  dropletActions(id: string, signal?: AbortSignal): Promise<DoAction[]> {
    return this.#all<DoAction>(`/droplets/${id}/actions`, 'actions', signal);
  }

  /** `POST /v2/droplets/{id}/actions`; power actions are safe to send twice. */
  async dropletAction(
    id: string,
    type: 'power_on' | 'power_off',
    signal?: AbortSignal,
  ): Promise<DoAction> {
    const body = await this.#http.request<{ action: DoAction }>({
      method: 'POST',
      path: `/droplets/${id}/actions`,
      json: { type },
      idempotent: true,
      signal,
    });
    return body.action;
  }

  regions(signal?: AbortSignal): Promise<DoRegion[]> {
    return this.#all<DoRegion>('/regions', 'regions', signal);
  }

  sizes(signal?: AbortSignal): Promise<DoSize[]> {
    return this.#all<DoSize>('/sizes', 'sizes', signal);
  }

  /** Whether DigitalOcean has an image with this slug or id. */
  async imageExists(slugOrId: string, signal?: AbortSignal): Promise<boolean> {
    const body = await this.#http.requestOrNull<unknown>({
      method: 'GET',
      path: `/images/${slugOrId}`,
      signal,
    });
    return body !== null;
  }
}
