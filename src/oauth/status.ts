/**
 * The offline state of an OAuth profile for `auth status`: who is logged in, the scopes, when the
 * access token ends, and whether it can be renewed without a new login.
 */
import type { OAuthSettings } from '../config/types.ts';
import type { SourceStatus } from '../profiles/credential.ts';
import { canRefresh, type TokenSet } from './token-set.ts';

/** A refresh token (or a token that cannot be renewed) ending within this is "expiring". */
export const EXPIRING_WITHIN_MS = 24 * 60 * 60 * 1000;

function span(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  return minutes < 90 ? `${minutes} min` : minutes < 2880 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes / 1440)} days`;
}

/** What the status shows about a stored set and the profile's flow. */
export function tokenSetStatus(
  set: TokenSet | undefined,
  settings: OAuthSettings,
  context: { profile: string; now: number; storeKind: string; hasClientSecret: boolean },
): SourceStatus {
  const { profile, now } = context;
  const login = `port42 auth login ${profile}`;
  const base = { store: context.storeKind, source: 'oauth' };
  const clientCredentials = settings.flow === 'client-credentials';
  if (!set) {
    if (clientCredentials && context.hasClientSecret) return { ...base, state: 'ok', detail: 'a token is requested on first use' };
    return { ...base, state: 'missing', hint: login, detail: 'not logged in' };
  }
  const who = set.id_claims ? (set.id_claims.email ?? set.id_claims.sub) : undefined;
  const scopes = set.scope ? set.scope.split(' ').filter(Boolean) : undefined;
  const about = [
    who ? `as ${who}` : clientCredentials ? `as client ${set.client_id}` : undefined,
    scopes ? `scopes ${scopes.join(' ')}` : undefined,
  ]
    .filter(Boolean)
    .join('; ');
  const shown = { ...base, expiresAt: set.expires_at, ...(who ? { account: who } : {}), ...(scopes ? { scopes } : {}) };
  const accessLeft = set.expires_at - now;

  if (clientCredentials) {
    if (context.hasClientSecret) return { ...shown, state: 'ok', detail: about || 'client credentials' };
    return { ...shown, state: accessLeft > 0 ? 'expiring' : 'missing', hint: login, detail: 'no client secret stored' };
  }
  if (canRefresh(set, now)) {
    if (set.refresh_expires_at !== undefined && set.refresh_expires_at - now < EXPIRING_WITHIN_MS) {
      return {
        ...shown,
        state: 'expiring',
        hint: login,
        detail: `${about}; the refresh token ends in ${span(set.refresh_expires_at - now)}: log in again soon`,
      };
    }
    return { ...shown, state: 'ok', detail: about || 'refreshable' };
  }
  if (accessLeft <= 0) {
    const why = set.refresh_token ? 'the refresh token has expired' : 'no refresh token';
    return { ...shown, state: 'expired', hint: login, detail: `${about ? `${about}; ` : ''}expired ${span(accessLeft)} ago, ${why}` };
  }
  if (accessLeft < EXPIRING_WITHIN_MS) {
    return {
      ...shown,
      state: 'expiring',
      hint: login,
      detail: `${about ? `${about}; ` : ''}cannot be refreshed (no refresh token): log in again within ${span(accessLeft)}`,
    };
  }
  return { ...shown, state: 'ok', detail: about || 'not refreshable' };
}
