/**
 * Token revocation (RFC 7009) at logout: the refresh token first (at most issuers that ends the
 * whole grant), then the access token.
 */
import * as oauth from 'oauth4webapi';
import { errorContext, type OAuthClient } from './client.ts';
import { translateOAuthError } from './errors.ts';
import { failure } from '../errors.ts';
import type { TokenSet } from './token-set.ts';

/**
 * Revokes the set's tokens. Returns false when the issuer has no revocation endpoint (nothing
 * was sent). Throws failure (1) when a revocation failed: the caller must then keep the tokens.
 */
export async function revokeTokenSet(client: OAuthClient, set: TokenSet): Promise<boolean> {
  if (!client.as.revocation_endpoint) return false;
  const tokens: [string, 'refresh_token' | 'access_token'][] = [];
  if (set.refresh_token) tokens.push([set.refresh_token, 'refresh_token']);
  tokens.push([set.access_token, 'access_token']);
  const retry = `port42 auth logout ${client.profile}   # to retry; or add --no-revoke to delete the tokens here only`;
  for (const [token, hint] of tokens) {
    try {
      const response = await oauth.revocationRequest(client.as, client.client, client.auth, token, {
        ...(client.http as oauth.RevocationRequestOptions),
        additionalParameters: { token_type_hint: hint },
      });
      await oauth.processRevocationResponse(response);
    } catch (error) {
      const translated = translateOAuthError(
        error,
        errorContext(client, `revoking the ${hint.replace('_', ' ')}`, retry, [set.refresh_token, set.access_token]),
      );
      // Whatever went wrong, the tokens stay: so the way out is always "retry, or --no-revoke".
      const kept = translated.message.endsWith('nothing was changed') ? translated.message : `${translated.message}; the tokens were kept`;
      throw failure(kept, retry, translated);
    }
  }
  return true;
}
