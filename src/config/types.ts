import type { Provider } from '../providers/table.ts';

/** How a profile gets its credential; each has one credential source. */
export type AuthType = 'api-key' | 'oauth' | 'command' | 'env' | 'none';
export const AUTH_TYPES: readonly AuthType[] = ['api-key', 'oauth', 'command', 'env', 'none'];

/** Where secrets live: keychain, encrypted file, or keychain with a warned fallback to the file. */
export type StoreKind = 'auto' | 'keychain' | 'file';

/** OAuth flow a profile logs in with. */
export type OAuthFlow = 'browser' | 'device' | 'client-credentials';

/** `[profiles.<name>.oauth]`: issuer, client and flow. Endpoints given here override discovery. */
export interface OAuthSettings {
  readonly preset: 'generic' | 'google' | 'entra';
  readonly issuer: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly flow: OAuthFlow;
  readonly redirectPort: number;
  readonly audience?: string;
  readonly authorizationEndpoint?: string;
  readonly tokenEndpoint?: string;
  readonly deviceAuthorizationEndpoint?: string;
  readonly revocationEndpoint?: string;
}

/** One named set of credentials and settings. */
export interface Profile {
  readonly name: string;
  readonly provider: Provider;
  readonly auth: AuthType;
  readonly model?: string;
  readonly baseUrl?: string;
  readonly match: readonly string[];
  /** Extra non-secret variables. */
  readonly env: Readonly<Record<string, string>>;
  readonly command?: readonly string[];
  readonly fromEnv?: string;
  /** Username for git/docker helpers. */
  readonly username?: string;
  readonly oauth?: OAuthSettings;
  readonly budgetUsd?: number;
  /** `proxy = true`: `exec` runs the child in secretless mode unless `--no-proxy`. */
  readonly proxy?: boolean;
  /** `proxy_paths`: the only paths a proxied child may reach (exact, or prefix with a trailing *). */
  readonly proxyPaths?: readonly string[];
  /** True for the built-in providers acting as profiles when the config names none. */
  readonly implicit: boolean;
}

/** A loaded, validated config. */
export interface Config {
  /** The file it came from (whether or not it exists). */
  readonly path: string;
  readonly exists: boolean;
  readonly defaultProfile?: string;
  readonly store: StoreKind;
  readonly profiles: ReadonlyMap<string, Profile>;
  readonly providers: ReadonlyMap<string, Provider>;
}
