/**
 * git's credential actions against port42's profiles (gitcredentials(7) "CUSTOM HELPERS").
 * port42 is the source of truth for its secrets, as gh is for its tokens: `get` answers from the
 * profile whose `match` fits, `store` never overwrites anything, and `erase` deletes nothing — for
 * an OAuth profile it asks for a refresh before the token is handed out again.
 */
import type { Context } from '../context.ts';
import { note } from '../context.ts';
import { loadConfig } from '../config/load.ts';
import { resolveProfileCredential } from '../profiles/resolve.ts';
import { formatCredential, type CredentialRequest } from './git-protocol.ts';
import { helperUsername, profileForRequest } from './profile-match.ts';
import { markForRefresh } from '../oauth/refresh-marker.ts';

/** The URL git asked about, for the audit trail (no username or password in it). */
export function requestUrl(request: CredentialRequest): string {
  const port = request.port === undefined ? '' : `:${request.port}`;
  return `${request.protocol ?? ''}://${request.host ?? ''}${port}/${request.path ?? ''}`;
}

/**
 * The answer to `get`: username, password and (for expiring credentials) password_expiry_utc of
 * the matching profile; '' when no profile matches, so that git asks its next helper. Throws what
 * resolving throws (login-needed 4, store-unavailable 5, failure 1), before anything is printed.
 */
export async function answerGet(ctx: Context, request: CredentialRequest): Promise<string> {
  const config = await loadConfig(ctx);
  const matched = profileForRequest(config, request);
  if (!matched) return '';
  const { profile, credential } = await resolveProfileCredential(ctx, matched.name, {
    config,
    release: { verb: 'helper get', url: requestUrl(request) },
  });
  if (credential.secret === undefined) {
    note(ctx, `profile "${profile.name}" matches but needs no key (auth = "${profile.auth}"); git will ask elsewhere`);
    return '';
  }
  return formatCredential({
    username: helperUsername(profile),
    password: credential.secret,
    ...(credential.expiresAt !== undefined ? { passwordExpiryUtc: Math.max(1, Math.floor(credential.expiresAt / 1000)) } : {}),
  });
}

/**
 * `erase`: git says the server refused a credential. An OAuth profile is marked for refresh; any
 * other profile keeps its secret, and the user is told how to replace it. Prints nothing on stdout.
 */
export async function eraseForRequest(ctx: Context, request: CredentialRequest): Promise<void> {
  const config = await loadConfig(ctx);
  const profile = profileForRequest(config, request);
  if (!profile) return;
  if (profile.auth === 'oauth') {
    await markForRefresh(ctx, profile.name);
    note(ctx, `the server refused the token of profile "${profile.name}"; it will be refreshed before its next use`);
    return;
  }
  note(ctx, `the server refused the credential of profile "${profile.name}"; port42 keeps it (erase never deletes port42's secrets)`);
  if (profile.auth === 'api-key') ctx.stderr.write(`  run: port42 auth login ${profile.name}   # to replace it\n`);
}
