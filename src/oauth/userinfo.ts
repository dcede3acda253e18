/**
 * Who logged in, for `auth status`: the ID token's claims, completed from the UserInfo endpoint
 * when the ID token carries only `sub` (OIDC Core §5.4: scope claims may go to UserInfo only).
 */
import * as oauth from 'oauth4webapi';
import type { OAuthClient } from './client.ts';
import { idClaimsFrom, type IdClaims } from './token-set.ts';

/** The claims with email and name filled in from UserInfo when possible; best effort, never throws. */
export async function completeIdClaims(
  client: OAuthClient,
  accessToken: string,
  claims: IdClaims | undefined,
): Promise<IdClaims | undefined> {
  if (!claims || claims.email || !client.as.userinfo_endpoint) return claims;
  try {
    const response = await oauth.userInfoRequest(client.as, client.client, accessToken, client.http as oauth.UserInfoRequestOptions);
    // The expected subject guards against a UserInfo answer about someone else (OIDC Core §5.3.2).
    const info = await oauth.processUserInfoResponse(client.as, client.client, claims.sub, response);
    return idClaimsFrom({ ...info, ...claims, email: info.email ?? claims.email, name: info.name ?? claims.name }) ?? claims;
  } catch {
    // Only status reads these; a login does not fail over them.
    return claims;
  }
}
