/**
 * auth = "oauth": the credential source for OAuth 2.0 / OIDC profiles. Resolving reads the stored
 * token set and, only when the access token is about to end, loads the refresh code (and with it
 * oauth4webapi): `auth token` on a fresh token costs a store read.
 */
import type { Profile } from '../config/types.ts';
import type { Credential, SourceStatus } from '../profiles/credential.ts';
import { Port42Error } from '../errors.ts';
import { accountFor } from '../stores/types.ts';
import type { CredentialSource, SourceDeps } from '../sources/types.ts';
import { processSystem, type OAuthSystem } from './system.ts';
import { needsRenewal, type TokenSet } from './token-set.ts';
import { notLoggedIn, oauthSettingsOf, readTokenSet } from './token-store.ts';
import { tokenSetStatus } from './status.ts';
import { clearRefreshMarker, readRefreshMarker } from './refresh-marker.ts';

function credentialOf(set: TokenSet): Credential {
  return { secret: set.access_token, kind: 'bearer', expiresAt: set.expires_at, origin: 'oauth' };
}

async function resolveOAuth(deps: SourceDeps, profile: Profile, minTtlSeconds: number, system: OAuthSystem): Promise<Credential> {
  const settings = oauthSettingsOf(profile);
  const set = await readTokenSet(deps.store, profile.name, settings);
  const rejectedAt = set ? await readRefreshMarker(deps.ctx, profile.name) : undefined;
  if (set && rejectedAt !== undefined) {
    // A server refused this token (git called `helper erase`): renew exactly that token. A process
    // that finds it already replaced under the lock (a concurrent renewal) keeps the new one.
    const { renewTokenSet } = await import('./refresh.ts');
    const renewed = await renewTokenSet({ ctx: deps.ctx, store: deps.store, system }, profile, minTtlSeconds, set.access_token);
    await clearRefreshMarker(deps.ctx, profile.name);
    return credentialOf(renewed);
  }
  if (set && !needsRenewal(set, deps.ctx.now(), minTtlSeconds)) return credentialOf(set);
  if (!set && settings.flow !== 'client-credentials') throw notLoggedIn(profile.name);
  const { renewTokenSet } = await import('./refresh.ts');
  return credentialOf(await renewTokenSet({ ctx: deps.ctx, store: deps.store, system }, profile, minTtlSeconds));
}

async function statusOAuth({ ctx, store }: SourceDeps, profile: Profile): Promise<SourceStatus> {
  const settings = oauthSettingsOf(profile);
  try {
    const set = await readTokenSet(store, profile.name, settings);
    const hasClientSecret =
      settings.flow === 'client-credentials' && (await store.get(accountFor.clientSecret(profile.name))) !== undefined;
    return tokenSetStatus(set, settings, { profile: profile.name, now: ctx.now(), storeKind: store.kind, hasClientSecret });
  } catch (error) {
    if (!(error instanceof Port42Error)) throw error;
    const state = error.code === 'login-needed' ? 'invalid' : 'error';
    return { state, store: store.kind, source: 'oauth', detail: error.message, hint: error.hint ?? 'port42 doctor' };
  }
}

/** The OAuth source on a given machine; tests pass a system with a fake browser and clock. */
export function createOAuthSource(system: OAuthSystem = processSystem): CredentialSource {
  return {
    resolve: (deps, profile, options) => resolveOAuth(deps, profile, options.minTtlSeconds, system),
    login: async (deps, profile, options) => (await import('./login.ts')).loginOAuth(deps, profile, options, system),
    logout: async (deps, profile, options) => (await import('./logout.ts')).logoutOAuth(deps, profile, options, system),
    status: statusOAuth,
  };
}

/** The OAuth credential source of this process (src/sources/index.ts loads it lazily). */
export const oauthSource: CredentialSource = createOAuthSource();
