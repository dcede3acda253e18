// Shared pieces of the OAuth tests: profiles against the test OIDC server, an in-process source
// with a fake browser that drives the server's real login and consent pages over HTTP, and the
// encrypted file store of a CLI sandbox seen from the test process.
import * as fsp from 'node:fs/promises';
import type { Context } from '../../src/context.ts';
import type { Profile } from '../../src/config/types.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createOAuthSource } from '../../src/oauth/source.ts';
import { processSystem, type OAuthSystem } from '../../src/oauth/system.ts';
import { parseTokenSet, serializeTokenSet, type TokenSet } from '../../src/oauth/token-set.ts';
import type { CredentialSource, LoginOptions, SourceDeps } from '../../src/sources/types.ts';
import { EncryptedFileStore } from '../../src/stores/encrypted-file.ts';
import { MemoryStore } from '../../src/stores/memory.ts';
import { accountFor, type SecretStore } from '../../src/stores/types.ts';
import { CLI_CLIENT_ID, type OidcServer } from '../support/oidc/server.ts';
import { createTestContext, TEST_CONFIG, type TestContext } from '../support/test-context.ts';
import type { Sandbox } from '../support/cli.ts';

export const PROFILE = 'gw';
export const PASSPHRASE = 'correct horse battery staple';
export const USER_SCOPES = ['openid', 'offline_access', 'email', 'llm'];

/** OAuth settings as TOML values, e.g. { flow: '"device"' }. */
export type OAuthToml = Record<string, string>;

/** A config with one oauth profile `gw` (provider anthropic) against `issuer`, store = "file". */
export function oauthConfig(issuer: string, oauth: OAuthToml = {}): string {
  const table: OAuthToml = {
    issuer: JSON.stringify(issuer),
    client_id: JSON.stringify(CLI_CLIENT_ID),
    scopes: JSON.stringify(USER_SCOPES),
    flow: '"browser"',
    ...oauth,
  };
  return [
    'store = "file"',
    `default = "${PROFILE}"`,
    `[profiles.${PROFILE}]`,
    'provider = "anthropic"',
    'auth = "oauth"',
    `[profiles.${PROFILE}.oauth]`,
    ...Object.entries(table).map(([key, value]) => `${key} = ${value}`),
    '',
  ].join('\n');
}

export const LOGIN: LoginOptions = { force: false, verify: false, device: false, noBrowser: false, admin: false };

/** What the fake browser saw: the callback page's status and text (or the error fetching it). */
export interface BrowserVisit {
  authorizationUrl: URL;
  callback?: URL;
  status?: number;
  page?: string;
  error?: unknown;
}

/**
 * A browser that signs in as `sub` through the test server's login and consent pages (over HTTP)
 * and then follows the redirect to port42's callback, like a user's browser. `tamper` may change
 * the callback URL first, and `beforeCallback` may send other requests first. It never blocks openBrowser (a real browser launch returns at once).
 */
export function httpBrowser(
  server: OidcServer,
  options: {
    sub?: string;
    tamper?: (callback: URL) => URL;
    beforeCallback?: (callback: URL) => Promise<void>;
    visits?: BrowserVisit[];
  } = {},
) {
  const visits = options.visits ?? [];
  const pending: Promise<void>[] = [];
  const openBrowser = async (_ctx: Context, url: string): Promise<void> => {
    const visit: BrowserVisit = { authorizationUrl: new URL(url) };
    visits.push(visit);
    pending.push(
      (async () => {
        try {
          const redirect = await server.authorize(url, options.sub);
          visit.callback = options.tamper ? options.tamper(new URL(redirect)) : redirect;
          await options.beforeCallback?.(new URL(visit.callback));
          const response = await fetch(visit.callback, { signal: AbortSignal.timeout(10_000) });
          visit.status = response.status;
          visit.page = await response.text();
        } catch (error) {
          visit.error = error;
        }
      })(),
    );
  };
  return { openBrowser, visits, settled: () => Promise.all(pending) };
}

/** A system for in-process tests: no Ctrl-C handler, short timeouts, an injectable browser and sleep. */
export function testSystem(overrides: Partial<OAuthSystem> = {}): OAuthSystem {
  return {
    ...processSystem,
    openBrowser: async () => {
      throw new Error('no browser in this test');
    },
    interrupts: () => ({ signal: new AbortController().signal, dispose: () => undefined }),
    platform: 'linux',
    callbackTimeoutMs: 15_000,
    lock: { staleMs: 3000, timeoutMs: 10_000, heartbeatMs: 1000 },
    ...overrides,
  };
}

/** An in-process OAuth source on memfs and a memory store, with the real network and (by default) the real clock. */
export interface InProcess {
  t: TestContext;
  ctx: Context;
  deps: SourceDeps;
  profile: Profile;
  store: MemoryStore;
  source: CredentialSource;
  system: OAuthSystem;
  /** The stored token set (throws when there is none). */
  tokenSet(): TokenSet;
  /** Replaces the stored token set. */
  setTokenSet(set: TokenSet): void;
}

export async function inProcess(
  config: string,
  options: { system?: Partial<OAuthSystem>; fetch?: typeof fetch; fakeClock?: boolean; env?: Record<string, string> } = {},
): Promise<InProcess> {
  // A display, so that the browser flow opens the (fake) browser; tests of headless machines override env.
  const t = createTestContext({
    files: { [TEST_CONFIG]: config },
    fetch: options.fetch ?? globalThis.fetch,
    env: options.env ?? { DISPLAY: ':99' },
  });
  const ctx: Context = { ...t.ctx, now: options.fakeClock ? t.ctx.now : () => Date.now(), pid: process.pid };
  const loaded = await loadConfig(ctx);
  const profile = loaded.profiles.get(PROFILE);
  if (!profile) throw new Error('test config has no profile gw');
  const store = new MemoryStore('file');
  const system = testSystem(options.system);
  const deps: SourceDeps = { ctx, config: loaded, store };
  const account = accountFor.secret(PROFILE);
  return {
    t,
    ctx,
    deps,
    profile,
    store,
    source: createOAuthSource(system),
    system,
    tokenSet() {
      const text = store.items.get(account);
      if (text === undefined) throw new Error('no token set stored');
      const parsed = parseTokenSet(text);
      if (!parsed.ok) throw new Error(parsed.problem);
      return parsed.set;
    },
    setTokenSet(set) {
      store.items.set(account, serializeTokenSet(set));
    },
  };
}

/** Signs `gw` in with the browser flow as `sub`; returns the stored set. */
export async function browserLogin(p: InProcess, server: OidcServer, sub = 'user-1'): Promise<TokenSet> {
  const browser = httpBrowser(server, { sub });
  const source = createOAuthSource({ ...p.system, openBrowser: browser.openBrowser });
  await source.login(p.deps, p.profile, LOGIN);
  await browser.settled();
  return p.tokenSet();
}

/** The encrypted file store of a CLI sandbox, opened from the test process. */
export function sandboxStore(sandbox: Sandbox): EncryptedFileStore {
  return new EncryptedFileStore({
    fs: fsp,
    dir: sandbox.stateDir,
    passphrase: async () => PASSPHRASE,
    pid: process.pid,
    now: () => Date.now(),
  });
}

/** Reads the token set from any store. */
export async function readSet(store: SecretStore): Promise<TokenSet | undefined> {
  const text = await store.get(accountFor.secret(PROFILE));
  if (text === undefined) return undefined;
  const parsed = parseTokenSet(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.set;
}

/** Moves the stored access token's end into the past, so the next use must refresh. */
export async function expireAccessToken(store: SecretStore): Promise<TokenSet> {
  const set = await readSet(store);
  if (!set) throw new Error('no token set to expire');
  const expired = { ...set, expires_at: Date.now() - 1000 };
  await store.set(accountFor.secret(PROFILE), serializeTokenSet(expired));
  return expired;
}

/**
 * Logs the sandbox's profile in from the test process (browser flow over HTTP) straight into the
 * sandbox's encrypted store, as `port42 auth login` would.
 */
export async function seedSandboxLogin(sandbox: Sandbox, server: OidcServer, sub = 'user-1'): Promise<TokenSet> {
  const store = sandboxStore(sandbox);
  const t = createTestContext({ fetch: globalThis.fetch });
  const ctx: Context = {
    ...t.ctx,
    fs: fsp,
    env: { ...sandbox.env, DISPLAY: ':99' },
    home: sandbox.home,
    now: () => Date.now(),
    pid: process.pid,
  };
  const config = await loadConfig(ctx);
  const profile = config.profiles.get(PROFILE);
  if (!profile) throw new Error('sandbox config has no profile gw');
  const browser = httpBrowser(server, { sub });
  const source = createOAuthSource(testSystem({ openBrowser: browser.openBrowser }));
  await source.login({ ctx, config, store }, profile, LOGIN);
  await browser.settled();
  const set = await readSet(store);
  if (!set) throw new Error('login stored nothing');
  return set;
}
