/**
 * Renewing a token set, single-flight across processes (PRODUCT.md rule 4): take the profile's
 * lock, re-read the store, renew only if still needed, store the new set (rotated refresh token
 * included) before handing out the access token, release. On invalid_grant the store is re-read
 * before anything is dropped: another process may have rotated the token.
 */
import * as oauth from 'oauth4webapi';
import type { Context } from '../context.ts';
import type { OAuthSettings, Profile } from '../config/types.ts';
import { loginNeeded, type Port42Error } from '../errors.ts';
import { note } from '../context.ts';
import { accountFor, type SecretStore } from '../stores/types.ts';
import { errorContext, openClient } from './client.ts';
import { requestClientCredentials } from './client-credentials.ts';
import { oauthErrorCode, translateOAuthError } from './errors.ts';
import type { OAuthSystem } from './system.ts';
import { withTokenLock } from './token-lock.ts';
import { canRefresh, idClaimsFrom, needsRenewal, tokenSetFromResponse, withoutRefreshToken, type TokenSet } from './token-set.ts';
import { notLoggedIn, oauthSettingsOf, readTokenSet, writeTokenSet } from './token-store.ts';

/** What renewing needs. */
export interface RenewDeps {
  readonly ctx: Context;
  readonly store: SecretStore;
  readonly system: Pick<OAuthSystem, 'lock'>;
}

const retryOf = (profile: string) => `port42 auth token ${profile}`;

function cannotRefresh(profile: string, set: TokenSet, now: number): Port42Error {
  const state = set.expires_at <= now ? 'has expired' : 'expires too soon';
  const why = set.refresh_token === undefined ? 'there is no refresh token' : 'the refresh token has expired';
  return loginNeeded(`the access token of profile "${profile}" ${state} and ${why}`, `port42 auth login ${profile}`);
}

function warnIfShortLived(ctx: Context, profile: string, set: TokenSet, minTtlSeconds: number): void {
  if (!needsRenewal(set, ctx.now(), minTtlSeconds)) return;
  const lifetime = Math.round((set.expires_at - ctx.now()) / 1000);
  note(ctx, `the issuer's access tokens for "${profile}" last ${lifetime} s, less than the ${minTtlSeconds} s asked for (--min-ttl)`);
}

/** One refresh_token grant; the new set is stored before it is returned. Throws untranslated oauth4webapi errors. */
async function refreshOnce(
  deps: RenewDeps,
  profile: Profile,
  settings: OAuthSettings,
  set: TokenSet & { refresh_token: string },
): Promise<TokenSet> {
  const { ctx, store } = deps;
  const clientSecret = await store.get(accountFor.clientSecret(profile.name));
  const client = await openClient(ctx, profile, { clientSecret, retry: retryOf(profile.name) });
  const response = await oauth.refreshTokenGrantRequest(
    client.as,
    client.client,
    client.auth,
    set.refresh_token,
    client.http as oauth.TokenEndpointRequestOptions,
  );
  const tokens = await oauth.processRefreshTokenResponse(client.as, client.client, response);
  const next = tokenSetFromResponse(tokens, {
    now: ctx.now(),
    issuer: settings.issuer,
    clientId: settings.clientId,
    idClaims: idClaimsFrom(oauth.getValidatedIdTokenClaims(tokens)),
    previous: set,
  });
  // Stored first: a rotated refresh token that only lived in this process would be lost for good.
  await writeTokenSet(store, profile.name, next);
  return next;
}

/** A fresh client credentials token, stored. Throws login-needed when no client secret is stored. */
export async function renewWithClientCredentials(deps: RenewDeps, profile: Profile, settings: OAuthSettings): Promise<TokenSet> {
  const { ctx, store } = deps;
  const secret = await store.get(accountFor.clientSecret(profile.name));
  if (secret === undefined) throw loginNeeded(`profile "${profile.name}" has no client secret stored`, `port42 auth login ${profile.name}`);
  const client = await openClient(ctx, profile, { clientSecret: secret, retry: retryOf(profile.name) });
  let tokens: oauth.TokenEndpointResponse;
  try {
    tokens = await requestClientCredentials(client);
  } catch (error) {
    // An empty or non-OAuth 400/401 most likely means the stored secret no longer works: exit 4 and
    // `auth login` (re-enter it), as invalid_client does, rather than a bare failure.
    throw translateOAuthError(error, {
      ...errorContext(client, 'requesting a token with the client credentials', retryOf(profile.name), [secret]),
      refusalNeedsLogin: true,
    });
  }
  const next = tokenSetFromResponse(tokens, { now: ctx.now(), issuer: settings.issuer, clientId: settings.clientId });
  await writeTokenSet(store, profile.name, next);
  return next;
}

async function renewUnderLock(
  deps: RenewDeps,
  profile: Profile,
  settings: OAuthSettings,
  minTtlSeconds: number,
  refused: string | undefined,
): Promise<TokenSet> {
  const { ctx, store } = deps;
  let set = await readTokenSet(store, profile.name, settings);
  // Another process may have renewed it while we waited for the lock.
  if (set && !needsRenewal(set, ctx.now(), minTtlSeconds) && set.access_token !== refused) return set;
  if (settings.flow === 'client-credentials') return renewWithClientCredentials(deps, profile, settings);
  if (!set) throw notLoggedIn(profile.name);
  // Two rounds at most: our token, then (if another process rotated it under us) theirs.
  for (let round = 0; round < 2; round++) {
    if (!canRefresh(set, ctx.now())) throw cannotRefresh(profile.name, set, ctx.now());
    const used = set.refresh_token as string;
    try {
      return await refreshOnce(deps, profile, settings, { ...set, refresh_token: used });
    } catch (error) {
      const context = {
        profile: profile.name,
        clientId: settings.clientId,
        action: 'refreshing the token',
        retry: retryOf(profile.name),
        secrets: [used],
        refusalNeedsLogin: true,
      };
      if (oauthErrorCode(error) !== 'invalid_grant') throw translateOAuthError(error, context);
      const current = await readTokenSet(store, profile.name, settings);
      if (!current) throw notLoggedIn(profile.name);
      if (current.refresh_token !== used) {
        if (!needsRenewal(current, ctx.now(), minTtlSeconds)) return current;
        set = current;
        continue;
      }
      // The issuer rejected the very token we hold: drop it, keep who logged in (for status).
      await writeTokenSet(store, profile.name, withoutRefreshToken(current));
      throw translateOAuthError(error, context);
    }
  }
  throw loginNeeded(`the refresh tokens of profile "${profile.name}" keep being rejected`, `port42 auth login ${profile.name}`);
}

/**
 * A token set whose access token lives at least `minTtlSeconds`, renewed (refresh grant or
 * client credentials) under the profile's lock if needed. `refused` is an access token a server
 * rejected (git's `erase`): it is renewed even if it still has time. Throws login-needed (4),
 * failure (1: network, issuer errors; the stored set is then unchanged), store-unavailable (5).
 */
export async function renewTokenSet(deps: RenewDeps, profile: Profile, minTtlSeconds: number, refused?: string): Promise<TokenSet> {
  const settings = oauthSettingsOf(profile);
  const set = await withTokenLock(deps.ctx, profile.name, deps.system.lock, () =>
    renewUnderLock(deps, profile, settings, minTtlSeconds, refused),
  );
  warnIfShortLived(deps.ctx, profile.name, set, minTtlSeconds);
  return set;
}
