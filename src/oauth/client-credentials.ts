/**
 * The client credentials grant (RFC 6749 §4.4) for service profiles: the client authenticates
 * with its secret (kept in the store, never in the config) and gets an access token, no refresh
 * token; port42 repeats the grant when the token runs out.
 */
import * as oauth from 'oauth4webapi';
import type { OAuthClient } from './client.ts';

/** Scopes that mean an end user (OpenID Connect) and make no sense without one. */
const USER_SCOPES = new Set(['openid', 'offline_access']);

/** The parameters of the grant: the profile's scopes minus the end-user ones, and the audience. */
export function clientCredentialsParameters(client: Pick<OAuthClient, 'settings'>): Record<string, string> {
  const scopes = client.settings.scopes.filter((scope) => !USER_SCOPES.has(scope));
  return {
    ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}),
    ...(client.settings.audience ? { audience: client.settings.audience } : {}),
  };
}

/** Runs the grant. oauth4webapi errors are left to the caller to translate (its wording depends on login vs renew). */
export async function requestClientCredentials(client: OAuthClient): Promise<oauth.TokenEndpointResponse> {
  const response = await oauth.clientCredentialsGrantRequest(
    client.as,
    client.client,
    client.auth,
    clientCredentialsParameters(client),
    client.http as oauth.ClientCredentialsGrantRequestOptions,
  );
  return oauth.processClientCredentialsResponse(client.as, client.client, response);
}
