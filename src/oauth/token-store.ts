/**
 * Where a profile's token set lives: the secret store under `accountFor.secret(profile)`, and its
 * client secret (client credentials, Google desktop clients) under `accountFor.clientSecret`.
 * Light on purpose: `auth token` reads through here before anything heavy is loaded.
 */
import type { OAuthSettings, Profile } from '../config/types.ts';
import { configError, loginNeeded } from '../errors.ts';
import { accountFor, type SecretStore } from '../stores/types.ts';
import { parseTokenSet, serializeTokenSet, type TokenSet } from './token-set.ts';

/** The profile's [oauth] settings. Throws config error (3) when the table is missing. */
export function oauthSettingsOf(profile: Profile): OAuthSettings {
  if (!profile.oauth) {
    throw configError(
      `profile "${profile.name}" has auth = "oauth" but no [profiles.${profile.name}.oauth] table`,
      `port42 profile show ${profile.name}`,
    );
  }
  return profile.oauth;
}

/** True when the set was issued by this profile's issuer to its client: tokens never go anywhere else. */
export function belongsTo(set: TokenSet, settings: OAuthSettings): boolean {
  return set.issuer === settings.issuer && set.client_id === settings.clientId;
}

/**
 * The stored token set, or undefined when there is none. Throws login-needed (4) when the stored
 * value is damaged or belongs to another issuer or client, store-unavailable (5) from the store.
 */
export async function readTokenSet(store: SecretStore, profile: string, settings: OAuthSettings): Promise<TokenSet | undefined> {
  const text = await store.get(accountFor.secret(profile));
  if (text === undefined) return undefined;
  const parsed = parseTokenSet(text);
  if (!parsed.ok) throw loginNeeded(`profile "${profile}": ${parsed.problem}`, `port42 auth login ${profile}`);
  if (!belongsTo(parsed.set, settings)) {
    throw loginNeeded(
      `the stored tokens of profile "${profile}" were issued by ${parsed.set.issuer} to client "${parsed.set.client_id}", but the profile now names ${settings.issuer} and "${settings.clientId}"`,
      `port42 auth login ${profile}`,
    );
  }
  return parsed.set;
}

/** Stores (replaces) the token set; the keychain and the encrypted file both replace atomically. */
export async function writeTokenSet(store: SecretStore, profile: string, set: TokenSet): Promise<void> {
  await store.set(accountFor.secret(profile), serializeTokenSet(set));
}

/** The login-needed error for a profile with no tokens. */
export function notLoggedIn(profile: string): ReturnType<typeof loginNeeded> {
  return loginNeeded(`profile "${profile}" is not logged in`, `port42 auth login ${profile}`);
}
