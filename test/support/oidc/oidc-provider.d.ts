// Minimal ambient types for the parts of oidc-provider 9.x (which ships no types) that the
// test OIDC server uses. Only what test/support/oidc/server.ts touches is declared.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface ProviderClient {
    readonly clientId: string;
    readonly clientAuthMethod: string;
    grantTypeAllowed(grantType: string): boolean;
  }

  export interface ProviderToken {
    readonly kind: string;
    readonly clientId?: string;
    readonly consumed?: unknown;
  }

  export interface OidcContext {
    readonly route?: string;
    readonly body?: Record<string, unknown>;
    readonly params?: Record<string, unknown>;
    readonly entities: Record<string, ProviderToken | undefined>;
    readonly client?: ProviderClient;
  }

  export interface ProviderContext {
    readonly path: string;
    readonly method: string;
    status: number;
    body: unknown;
    type: string;
    readonly oidc?: OidcContext;
    /** Koa: removes a response header. */
    remove(field: string): void;
  }

  export type ProviderMiddleware = (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>;

  export default class Provider {
    constructor(issuer: string, configuration?: object);
    readonly issuer: string;
    readonly Client: { find(clientId: string): Promise<ProviderClient | undefined> };
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: ProviderMiddleware): this;
    // Event payloads differ per event name.
    on(event: string, listener: (...args: any[]) => void): this;
  }
  export { Provider };
}
