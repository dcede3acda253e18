/**
 * The token set of an OAuth profile as stored (versioned JSON in the secret store): parse,
 * validate, serialize, and build from a token endpoint response. No oauth4webapi here: this file
 * is on the hot path of `auth token`.
 */

/** Who logged in, as far as `auth status` shows it (from the validated ID token). */
export interface IdClaims {
  readonly sub: string;
  readonly email?: string;
  readonly name?: string;
}

/** Version 1 of the stored token set. Times are milliseconds since the epoch. */
export interface TokenSet {
  readonly version: 1;
  readonly access_token: string;
  readonly refresh_token?: string;
  readonly expires_at: number;
  readonly scope?: string;
  readonly token_type: string;
  readonly id_claims?: IdClaims;
  readonly refresh_expires_at?: number;
  /** The issuer and client that issued these tokens: they are never sent anywhere else. */
  readonly issuer: string;
  readonly client_id: string;
}

/** The fields of a token endpoint response port42 keeps (RFC 6749 §5.1). */
export interface TokenResponseFields {
  readonly access_token: string;
  readonly token_type: string;
  readonly expires_in?: number;
  readonly refresh_token?: string;
  readonly scope?: string;
  /** Not in RFC 6749, but sent by Keycloak and others: the refresh token's lifetime in seconds. */
  readonly refresh_expires_in?: unknown;
}

/** RFC 6749 §5.1 makes expires_in optional; without it we assume an hour rather than forever. */
export const DEFAULT_EXPIRES_IN_SECONDS = 3600;

/** Result of parsing stored text. */
export type ParsedTokenSet = { readonly ok: true; readonly set: TokenSet } | { readonly ok: false; readonly problem: string };

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function parseClaims(value: unknown): IdClaims | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!isString(v.sub)) return undefined;
  // Entra puts the sign-in name (usually an address) in preferred_username rather than email.
  const email = isString(v.email)
    ? v.email
    : isString(v.preferred_username) && v.preferred_username.includes('@')
      ? v.preferred_username
      : undefined;
  return { sub: v.sub, ...(email ? { email } : {}), ...(isString(v.name) ? { name: v.name } : {}) };
}

/** Parses and validates stored text; a problem (never quoting the text) when it is not a version 1 token set. */
export function parseTokenSet(text: string): ParsedTokenSet {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: "the stored value is not an OAuth token set (was the profile's auth changed?)" };
  }
  if (typeof value !== 'object' || value === null) return { ok: false, problem: 'the stored value is not an OAuth token set' };
  const v = value as Record<string, unknown>;
  if (v.version !== 1)
    return { ok: false, problem: `the stored token set has version ${JSON.stringify(v.version ?? null)}, this port42 reads version 1` };
  if (!isString(v.access_token) || !isTime(v.expires_at) || !isString(v.token_type) || !isString(v.issuer) || !isString(v.client_id)) {
    return { ok: false, problem: 'the stored token set is incomplete' };
  }
  if (v.refresh_token !== undefined && !isString(v.refresh_token))
    return { ok: false, problem: 'the stored token set has an invalid refresh_token' };
  const claims = parseClaims(v.id_claims);
  return {
    ok: true,
    set: {
      version: 1,
      access_token: v.access_token,
      ...(isString(v.refresh_token) ? { refresh_token: v.refresh_token } : {}),
      expires_at: v.expires_at,
      ...(isString(v.scope) ? { scope: v.scope } : {}),
      token_type: v.token_type,
      ...(claims ? { id_claims: claims } : {}),
      ...(isTime(v.refresh_expires_at) ? { refresh_expires_at: v.refresh_expires_at } : {}),
      issuer: v.issuer,
      client_id: v.client_id,
    },
  };
}

/** The JSON stored for a token set, keys in a fixed order. */
export function serializeTokenSet(set: TokenSet): string {
  return JSON.stringify({
    version: 1,
    access_token: set.access_token,
    refresh_token: set.refresh_token,
    expires_at: set.expires_at,
    scope: set.scope,
    token_type: set.token_type,
    id_claims: set.id_claims,
    refresh_expires_at: set.refresh_expires_at,
    issuer: set.issuer,
    client_id: set.client_id,
  });
}

/**
 * The token set for a token endpoint response. When refreshing, `previous` supplies what the
 * response may omit: the refresh token (RFC 6749 §6: a new one is optional), the scope (§5.1:
 * omitted when unchanged) and who logged in.
 */
export function tokenSetFromResponse(
  response: TokenResponseFields,
  context: { now: number; issuer: string; clientId: string; idClaims?: IdClaims | undefined; previous?: TokenSet | undefined },
): TokenSet {
  const { now, previous } = context;
  const expiresIn = typeof response.expires_in === 'number' && response.expires_in > 0 ? response.expires_in : DEFAULT_EXPIRES_IN_SECONDS;
  const refreshToken = response.refresh_token ?? previous?.refresh_token;
  const rotated = response.refresh_token !== undefined && response.refresh_token !== previous?.refresh_token;
  const refreshExpiresIn =
    typeof response.refresh_expires_in === 'number' && response.refresh_expires_in > 0 ? response.refresh_expires_in : undefined;
  // A lifetime we were told about wins; an unchanged refresh token keeps its known end.
  const refreshExpiresAt =
    refreshExpiresIn !== undefined ? now + refreshExpiresIn * 1000 : rotated ? undefined : previous?.refresh_expires_at;
  const scope = response.scope ?? previous?.scope;
  // A refresh's ID token often carries only `sub`: keep what we knew about the same subject.
  const fresh = context.idClaims;
  const known = previous?.id_claims;
  const claims = fresh && known && fresh.sub === known.sub ? { ...known, ...fresh } : (fresh ?? known);
  return {
    version: 1,
    access_token: response.access_token,
    ...(refreshToken !== undefined ? { refresh_token: refreshToken } : {}),
    expires_at: now + expiresIn * 1000,
    ...(scope !== undefined ? { scope } : {}),
    token_type: response.token_type.toLowerCase(),
    ...(claims ? { id_claims: claims } : {}),
    ...(refreshToken !== undefined && refreshExpiresAt !== undefined ? { refresh_expires_at: refreshExpiresAt } : {}),
    issuer: context.issuer,
    client_id: context.clientId,
  };
}

/** The same set without its refresh token: what is kept after the issuer rejected that token. */
export function withoutRefreshToken(set: TokenSet): TokenSet {
  const { refresh_token: _dropped, refresh_expires_at: _end, ...rest } = set;
  return rest;
}

/** True when the access token has less than `minTtlSeconds` left. */
export function needsRenewal(set: TokenSet, now: number, minTtlSeconds: number): boolean {
  return set.expires_at - now < minTtlSeconds * 1000;
}

/** True when the refresh token exists and has not reached its known end. */
export function canRefresh(set: TokenSet, now: number): boolean {
  return set.refresh_token !== undefined && (set.refresh_expires_at === undefined || set.refresh_expires_at > now);
}

/** Validated ID token claims reduced to what status shows. */
export function idClaimsFrom(claims: Readonly<Record<string, unknown>> | undefined): IdClaims | undefined {
  return parseClaims(claims);
}
