/**
 * Finds an issuer's endpoints: OpenID Connect Discovery, then RFC 8414 metadata, with the
 * endpoints given in the profile taking precedence. Plain http is accepted only for loopback
 * issuers (PRODUCT.md rule 5).
 */
import * as oauth from 'oauth4webapi';
import type { OAuthSettings } from '../config/types.ts';
import { configError, failure } from '../errors.ts';
import { isLoopbackUrl } from '../providers/table.ts';

/** Request options shared by every oauth4webapi call (fetch, timeout, http for loopback only). */
export type HttpOptions = oauth.HttpRequestOptions<'GET' | 'POST', URLSearchParams | undefined>;

const ENDPOINT_KEYS = [
  'authorization_endpoint',
  'token_endpoint',
  'device_authorization_endpoint',
  'revocation_endpoint',
  'introspection_endpoint',
  'userinfo_endpoint',
  'jwks_uri',
] as const;

/** True when the issuer may be spoken to over plain http (loopback only). Throws config error for any other http issuer. */
export function checkIssuerUrl(profile: string, issuer: string): boolean {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw configError(`profile "${profile}": issuer "${issuer}" is not a URL`, `port42 profile show ${profile}`);
  }
  if (url.protocol === 'https:') return false;
  if (url.protocol === 'http:' && isLoopbackUrl(issuer)) return true;
  throw configError(
    `profile "${profile}": issuer "${issuer}" must use https (plain http is allowed only for loopback issuers such as http://127.0.0.1)`,
    `port42 profile show ${profile}`,
  );
}

/** Refuses endpoints that would leave TLS: https always, http only to loopback and only for a loopback issuer. */
function checkEndpoints(profile: string, as: oauth.AuthorizationServer, loopbackIssuer: boolean): void {
  for (const key of ENDPOINT_KEYS) {
    const value = as[key];
    if (typeof value !== 'string') continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw failure(`the issuer's ${key} "${value}" is not a URL`);
    }
    if (url.protocol === 'https:') continue;
    if (url.protocol === 'http:' && loopbackIssuer && isLoopbackUrl(value)) continue;
    throw configError(
      `profile "${profile}": ${key} "${value}" must use https (plain http only on loopback, for a loopback issuer)`,
      `port42 profile show ${profile}`,
    );
  }
}

function explicitEndpoints(settings: OAuthSettings): Partial<oauth.AuthorizationServer> {
  return {
    ...(settings.authorizationEndpoint ? { authorization_endpoint: settings.authorizationEndpoint } : {}),
    ...(settings.tokenEndpoint ? { token_endpoint: settings.tokenEndpoint } : {}),
    ...(settings.deviceAuthorizationEndpoint ? { device_authorization_endpoint: settings.deviceAuthorizationEndpoint } : {}),
    ...(settings.revocationEndpoint ? { revocation_endpoint: settings.revocationEndpoint } : {}),
  };
}

async function fetchMetadata(issuer: URL, http: HttpOptions): Promise<oauth.AuthorizationServer | undefined> {
  // OIDC first (most LLM gateways sit behind an OIDC provider), then RFC 8414's well-known path.
  for (const algorithm of ['oidc', 'oauth2'] as const) {
    const response = await oauth.discoveryRequest(issuer, { ...(http as oauth.DiscoveryRequestOptions), algorithm });
    if (response.status >= 400 && response.status < 500) {
      await response.body?.cancel();
      continue;
    }
    try {
      return await oauth.processDiscoveryResponse(issuer, response);
    } catch (error) {
      if (error instanceof oauth.OperationProcessingError && error.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
        // RFC 8414 §3.3 / OIDC Discovery §4.3: metadata naming another issuer must not be used.
        throw failure(
          `the metadata at ${issuer.origin} names a different issuer than the configured "${issuer.href}": refusing it`,
          undefined,
          error,
        );
      }
      throw error;
    }
  }
  return undefined;
}

/**
 * The authorization server for a profile. With `token_endpoint` in the profile nothing is
 * fetched (the profile lists every endpoint it needs); otherwise the issuer's metadata is
 * fetched and endpoints in the profile override it. Throws config (3) and failure (1); network
 * and protocol errors from oauth4webapi are left to the caller to translate.
 */
export async function discoverServer(profile: string, settings: OAuthSettings, http: HttpOptions): Promise<oauth.AuthorizationServer> {
  const loopback = checkIssuerUrl(profile, settings.issuer);
  const explicit = explicitEndpoints(settings);
  let as: oauth.AuthorizationServer;
  if (explicit.token_endpoint) {
    as = { issuer: settings.issuer, ...explicit };
  } else {
    const issuer = new URL(settings.issuer);
    const metadata = await fetchMetadata(issuer, http);
    if (!metadata) {
      throw failure(
        `no OAuth metadata for issuer "${settings.issuer}" (tried /.well-known/openid-configuration and /.well-known/oauth-authorization-server)`,
        `port42 profile show ${profile}   # check issuer, or set token_endpoint and the other endpoints`,
      );
    }
    as = { ...metadata, ...explicit };
  }
  checkEndpoints(profile, as, loopback);
  return as;
}
