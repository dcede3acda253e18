/**
 * Translates what oauth4webapi and fetch throw into Port42Error at the edge of src/oauth: a
 * stable code, a message for people (never a token or secret) and the command that helps.
 */
import * as oauth from 'oauth4webapi';
import { configError, failure, loginNeeded, Port42Error } from '../errors.ts';
import { escapeControl } from '../terminal/escape.ts';

/** What port42 was doing when the error happened, to word the message and the hint. */
export interface OAuthErrorContext {
  readonly profile: string;
  readonly clientId: string;
  /** e.g. "refreshing the token", "logging in", "revoking the tokens". */
  readonly action: string;
  /** The command that tries again (used for transient failures). */
  readonly retry: string;
  /** True when the client authenticates with a stored client secret (then invalid_client may mean the secret). */
  readonly usesSecret?: boolean;
  /** Values that must never appear in a message: tokens, secrets, codes. */
  readonly secrets?: readonly (string | undefined)[];
  /**
   * The refresh and client credentials grants: a 400 or 401 whose body is no OAuth error (some
   * servers answer a dead refresh token or client secret with an empty 400) then means "log in
   * again" (4), not a failure (1).
   */
  readonly refusalNeedsLogin?: boolean;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** The errno-style code of a fetch failure (TypeError "fetch failed" with a cause), or a timeout name. */
function networkCode(error: unknown): string | undefined {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  if (!(error instanceof TypeError) || error.message !== 'fetch failed') return undefined;
  let cause: unknown = error.cause;
  while (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code && NETWORK_CODES.has(code)) return code;
    if (cause instanceof AggregateError && cause.errors[0] instanceof Error) cause = cause.errors[0];
    else cause = cause.cause;
  }
  return 'network error';
}

/** Translated network failures, so that callers can still tell them apart after translation. */
const networkFailures = new WeakSet<Port42Error>();

/** True when `error` means the network (not the issuer) failed: nothing may be deleted because of it. */
export function isNetworkFailure(error: unknown): boolean {
  return networkCode(error) !== undefined || (error instanceof Port42Error && networkFailures.has(error));
}

/** Server-supplied text for a message: secrets cut out, control characters escaped, length bounded. */
function redact(text: string, secrets: readonly (string | undefined)[] | undefined): string {
  let out = escapeControl(text);
  for (const secret of secrets ?? []) if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  // Bound what a server-supplied description can add to our message.
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}

/** The OAuth error code of a token/revocation endpoint error, or undefined. */
export function oauthErrorCode(error: unknown): string | undefined {
  if (error instanceof oauth.ResponseBodyError) return error.error;
  if (error instanceof oauth.WWWAuthenticateChallengeError) return error.cause[0]?.parameters.error ?? 'invalid_client';
  if (error instanceof oauth.AuthorizationResponseError) return error.error;
  return undefined;
}

function describeCode(code: string, description: string | undefined, c: OAuthErrorContext): string {
  return redact(description ? `${code}: ${description}` : code, c.secrets);
}

function fromOAuthCode(
  code: string,
  description: string | undefined,
  status: number | undefined,
  c: OAuthErrorContext,
  cause: unknown,
): Port42Error {
  const what = describeCode(code, description, c);
  const p = c.profile;
  switch (code) {
    case 'invalid_grant':
      return new Port42Error('login-needed', `the issuer no longer accepts the login of profile "${p}" (${what})`, {
        hint: `port42 auth login ${p}`,
        cause,
      });
    case 'invalid_client':
    case 'unauthorized_client':
      return c.usesSecret
        ? new Port42Error('login-needed', `the issuer rejected client "${c.clientId}" or its secret while ${c.action} (${what})`, {
            hint: `port42 auth login ${p}   # re-enter the client secret; check client_id in the config`,
            cause,
          })
        : configError(
            `the issuer rejected client_id "${c.clientId}" of profile "${p}" (${what}): check client_id under [profiles.${p}.oauth] in the config`,
            `port42 profile show ${p}`,
            cause,
          );
    case 'invalid_scope':
      return configError(
        `the issuer refused the scopes of profile "${p}" (${what}): check scopes under [profiles.${p}.oauth]`,
        `port42 profile show ${p}`,
        cause,
      );
    case 'access_denied':
      return failure(`sign-in was denied or cancelled at the issuer (${what})`, `port42 auth login ${p}`, cause);
    case 'expired_token':
      return loginNeeded(`the sign-in code expired before it was approved (${what})`, `port42 auth login ${p}`);
    case 'temporarily_unavailable':
    case 'server_error':
      return failure(`the issuer failed while ${c.action} (${what})`, `${c.retry}   # retry later`, cause);
    default:
      return failure(
        `the issuer answered ${what}${status ? ` (HTTP ${status})` : ''} while ${c.action}`,
        status && status >= 500 ? `${c.retry}   # retry later` : undefined,
        cause,
      );
  }
}

/** Translates any error thrown by an OAuth step. Port42Errors pass through unchanged. */
export function translateOAuthError(error: unknown, c: OAuthErrorContext): Port42Error {
  if (error instanceof Port42Error) return error;
  const network = networkCode(error);
  if (network !== undefined) {
    const translated = failure(
      `cannot reach the issuer while ${c.action} (${network}); nothing was changed`,
      `${c.retry}   # retry later`,
      error,
    );
    networkFailures.add(translated);
    return translated;
  }
  if (error instanceof oauth.ResponseBodyError) return fromOAuthCode(error.error, error.error_description, error.status, c, error);
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const params = error.cause[0]?.parameters;
    return fromOAuthCode(params?.error ?? 'invalid_client', params?.error_description, error.status, c, error);
  }
  if (error instanceof oauth.AuthorizationResponseError) return fromOAuthCode(error.error, error.error_description, undefined, c, error);
  if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError) {
    const code = error.code;
    const response = error.cause instanceof Response ? error.cause : undefined;
    if (response && response.status >= 500) {
      return failure(
        `the issuer failed while ${c.action} (HTTP ${response.status}); nothing was changed`,
        `${c.retry}   # retry later`,
        error,
      );
    }
    const notOAuthError = code === oauth.RESPONSE_IS_NOT_CONFORM || code === oauth.RESPONSE_IS_NOT_JSON;
    if (c.refusalNeedsLogin && notOAuthError && (response?.status === 400 || response?.status === 401)) {
      // The cause is unknown (the body says nothing), so the caller keeps the stored token set.
      return new Port42Error(
        'login-needed',
        `the issuer refused ${c.action} for profile "${c.profile}" (HTTP ${response.status}, no OAuth error in the answer)`,
        { hint: `port42 auth login ${c.profile}`, cause: error },
      );
    }
    if (code === oauth.HTTP_REQUEST_FORBIDDEN || code === oauth.REQUEST_PROTOCOL_FORBIDDEN) {
      return configError(
        `profile "${c.profile}": port42 talks plain http only to loopback issuers; use https`,
        `port42 profile show ${c.profile}`,
        error,
      );
    }
    const detail = response ? `${redact(error.message, c.secrets)}, HTTP ${response.status}` : redact(error.message, c.secrets);
    return failure(`invalid response from the issuer while ${c.action}: ${detail}`, undefined, error);
  }
  const message = error instanceof Error ? error.message : String(error);
  return failure(`unexpected error while ${c.action}: ${redact(message, c.secrets)}`, undefined, error);
}
