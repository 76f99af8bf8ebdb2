// hcloud-js ships no types; these cover only the parts `hcloud-adapter.ts` uses (hcloud-js 1.4).
declare module 'hcloud-js' {
  export namespace HCloud {
    interface ListMeta {
      readonly page: number;
      readonly perPage: number;
      readonly nextPage: number | null;
      readonly lastPage: number | null;
      readonly totalEntries: number | null;
    }
    interface Action {
      readonly id: number;
      readonly command: string;
      readonly status: 'running' | 'success' | 'error';
      readonly error?: { code: string; message: string } | null;
    }
    interface Address {
      readonly ip: string;
    }
    interface Server {
      readonly id: number;
      readonly name: string;
      readonly status: string;
      readonly created: Date;
      readonly labels: Record<string, string>;
      readonly publicNet: { readonly ipv4: Address; readonly ipv6: Address };
    }
    interface SshKey {
      readonly id: number;
      readonly name: string;
      readonly fingerprint: string;
    }
    interface Image {
      readonly id: number;
      readonly name: string | null;
      readonly type: string;
      readonly status: string;
    }
    interface Location {
      readonly id: number;
      readonly name: string;
    }
    type ListParams = Record<
      string,
      string | number | boolean | readonly (string | number)[] | undefined
    >;
    interface ClientOptions {
      token: string;
      baseURL?: string;
      timeout?: number;
    }
    interface AxiosLike {
      request(config: AxiosRequestConfigLike): Promise<AxiosResponseLike>;
      defaults: {
        validateStatus?: (status: number) => boolean;
        maxRedirects?: number;
        httpAgent?: unknown;
        httpsAgent?: unknown;
        paramsSerializer?: { indexes?: boolean | null };
        adapter?: unknown;
      };
      interceptors: {
        request: {
          use(onFulfilled: (config: AxiosRequestConfigLike) => AxiosRequestConfigLike): number;
        };
        response: {
          use(
            onFulfilled: (response: AxiosResponseLike) => AxiosResponseLike,
            onRejected?: (error: unknown) => unknown,
          ): number;
        };
      };
    }
    interface AxiosRequestConfigLike {
      method?: string;
      url?: string;
      [key: string]: unknown;
    }
    interface AxiosResponseLike {
      status: number;
      data: unknown;
      headers: Record<string, unknown> & { toJSON?: () => Record<string, unknown> };
      config: AxiosRequestConfigLike;
    }
    class Client {
      constructor(options: ClientOptions);
      readonly axios: AxiosLike;
      readonly servers: {
        list(params?: ListParams): Promise<ListMeta & { servers: Server[] }>;
        get(id: number): Promise<Server>;
        delete(id: number): Promise<Action>;
        readonly actions: {
          powerOn(id: number): Promise<Action>;
          powerOff(id: number): Promise<Action>;
          resetPassword(id: number): Promise<{ rootPassword: string; action: Action }>;
        };
      };
      readonly actions: {
        get(id: number): Promise<Action>;
        list(params?: ListParams): Promise<ListMeta & { actions: Action[] }>;
      };
      readonly sshKeys: {
        list(params?: ListParams): Promise<ListMeta & { sshKeys: SshKey[] }>;
        delete(id: number): Promise<void>;
      };
      readonly images: {
        list(params?: ListParams): Promise<ListMeta & { images: Image[] }>;
        get(id: number): Promise<Image>;
      };
      readonly locations: {
        list(params?: ListParams): Promise<ListMeta & { locations: Location[] }>;
      };
    }
  }
  const hcloud: { Client: typeof HCloud.Client };
  export default hcloud;
}
