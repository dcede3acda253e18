/**
 * OAuth presets for services that let users register their own client (PRODUCT.md rule 6: no
 * subscription logins, no third-party client ids). A preset fills issuer, scopes and flow.
 */
import type { OAuthFlow, OAuthSettings } from './types.ts';
import type { RawConfig } from './schema.ts';

type RawOAuth = NonNullable<NonNullable<RawConfig['profiles']>[string]['oauth']>;

/** Resolves an [oauth] table into settings, or returns what is missing as a message. */
export function resolveOAuthSettings(raw: RawOAuth): OAuthSettings | string {
  const preset = raw.preset ?? 'generic';
  let issuer = raw.issuer;
  let scopes = raw.scopes;
  let flow: OAuthFlow | undefined = raw.flow;
  if (preset === 'google') {
    issuer ??= 'https://accounts.google.com';
    scopes ??= ['openid', 'email', 'https://www.googleapis.com/auth/generative-language'];
  } else if (preset === 'entra') {
    if (!issuer && !raw.tenant) return 'the entra preset needs tenant = "<directory id>" (or an issuer)';
    issuer ??= `https://login.microsoftonline.com/${raw.tenant}/v2.0`;
    scopes ??= ['openid', 'offline_access', 'https://cognitiveservices.azure.com/.default'];
    flow ??= 'device';
  }
  if (!issuer) return 'needs issuer = "https://login.example.com" (the OAuth/OIDC issuer URL)';
  if (!raw.client_id) return 'needs client_id = "<your client id>" (register a client with your identity provider)';
  return {
    preset,
    issuer,
    clientId: raw.client_id,
    scopes: scopes ?? ['openid', 'offline_access'],
    flow: flow ?? 'browser',
    redirectPort: raw.redirect_port ?? 0,
    ...(raw.audience ? { audience: raw.audience } : {}),
    ...(raw.authorization_endpoint ? { authorizationEndpoint: raw.authorization_endpoint } : {}),
    ...(raw.token_endpoint ? { tokenEndpoint: raw.token_endpoint } : {}),
    ...(raw.device_authorization_endpoint ? { deviceAuthorizationEndpoint: raw.device_authorization_endpoint } : {}),
    ...(raw.revocation_endpoint ? { revocationEndpoint: raw.revocation_endpoint } : {}),
  };
}
