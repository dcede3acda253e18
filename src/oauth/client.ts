/**
 * The OAuth client of one profile: its authorization server, oauth4webapi client and client
 * authentication, and the request options every call shares. Every protocol step goes through
 * oauth4webapi; this file only assembles what those calls need.
 */
import * as oauth from 'oauth4webapi';
import type { Context } from '../context.ts';
import type { OAuthSettings, Profile } from '../config/types.ts';
import { checkIssuerUrl, discoverServer, type HttpOptions } from './discovery.ts';
import { translateOAuthError, type OAuthErrorContext } from './errors.ts';
import { oauthSettingsOf } from './token-store.ts';
import { hostOf, whileWaiting } from '../terminal/waiting.ts';

/** Every request to the issuer gives up after this long (Codex runs auth commands with a 5 s timeout; a refresh is 1–2 requests). */
export const REQUEST_TIMEOUT_MS = 10_000;

/** What a flow needs to talk to the issuer. */
export interface OAuthClient {
  readonly profile: string;
  readonly settings: OAuthSettings;
  readonly as: oauth.AuthorizationServer;
  readonly client: oauth.Client;
  readonly auth: oauth.ClientAuth;
  readonly usesSecret: boolean;
  /** Options for every oauth4webapi request made for this client. */
  readonly http: HttpOptions;
}

/** Request options: the context's fetch, a timeout (and an optional cancel signal), http only for a loopback issuer. */
export function httpOptions(ctx: Context, profile: string, settings: OAuthSettings, cancel?: AbortSignal): HttpOptions {
  const insecure = checkIssuerUrl(profile, settings.issuer);
  const options: HttpOptions = {
    signal: () => (cancel ? AbortSignal.any([cancel, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) : AbortSignal.timeout(REQUEST_TIMEOUT_MS)),
    [oauth.customFetch]: (url, init) => ctx.fetch(url, init as RequestInit),
  };
  // oauth4webapi refuses http unless told; discovery.ts has checked that http here means loopback.
  if (insecure) options[oauth.allowInsecureRequests] = true;
  return options;
}

/** client_secret_basic unless the issuer lists only client_secret_post (RFC 6749 §2.3.1 makes basic mandatory to support). */
function clientAuthFor(as: oauth.AuthorizationServer, secret: string | undefined): oauth.ClientAuth {
  if (secret === undefined) return oauth.None();
  const methods = as.token_endpoint_auth_methods_supported;
  if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) return oauth.ClientSecretPost(secret);
  return oauth.ClientSecretBasic(secret);
}

/** The wording of errors for this client. */
export function errorContext(
  client: Pick<OAuthClient, 'profile' | 'settings' | 'usesSecret'>,
  action: string,
  retry: string,
  secrets: readonly (string | undefined)[] = [],
): OAuthErrorContext {
  return { profile: client.profile, clientId: client.settings.clientId, action, retry, usesSecret: client.usesSecret, secrets };
}

/**
 * Discovers the issuer and builds the client. `clientSecret` (from the store, never the config)
 * switches from a public client to client_secret_basic/post. Throws Port42Error only.
 */
export async function openClient(
  ctx: Context,
  profile: Profile,
  options: { clientSecret?: string | undefined; cancel?: AbortSignal | undefined; retry: string },
): Promise<OAuthClient> {
  const settings = oauthSettingsOf(profile);
  const http = httpOptions(ctx, profile.name, settings, options.cancel);
  const base = { profile: profile.name, settings, usesSecret: options.clientSecret !== undefined };
  let as: oauth.AuthorizationServer;
  try {
    as = await whileWaiting(ctx, `reading ${hostOf(settings.issuer)}'s OAuth metadata`, () => discoverServer(profile.name, settings, http));
  } catch (error) {
    throw translateOAuthError(error, errorContext(base, "reading the issuer's metadata", options.retry, [options.clientSecret]));
  }
  return {
    ...base,
    as,
    client: { client_id: settings.clientId },
    auth: clientAuthFor(as, options.clientSecret),
    http,
  };
}
