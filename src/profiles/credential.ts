/** A credential: the secret with what port42 knows about it. */
export interface Credential {
  /** The raw secret; undefined for auth = "none". */
  readonly secret?: string;
  /** api-key goes in the provider's key variable; bearer in its token variable when it has one. */
  readonly kind: 'api-key' | 'bearer' | 'none';
  /** When it stops working, in ms since the epoch (OAuth tokens). */
  readonly expiresAt?: number;
  /** Where it came from, for status: keychain, file, env:NAME, command:prog, oauth. */
  readonly origin: string;
}

/** The state of a profile's credential as `auth status` shows it. */
export type CredentialState = 'ok' | 'missing' | 'expired' | 'expiring' | 'invalid' | 'unknown' | 'error';

/** What a credential source reports for `auth status` (offline). */
export interface SourceStatus {
  readonly state: CredentialState;
  /** Where the secret lives: keychain, file, env, command, -. */
  readonly store: string;
  /** Where the value comes from: a variable, a program, the store. */
  readonly source: string;
  readonly masked?: string;
  readonly expiresAt?: number;
  /** The command that fixes the state, when something needs doing. */
  readonly hint?: string;
  readonly detail?: string;
  /** Who the credential belongs to, when the source knows (OAuth: the ID token's email, else sub). */
  readonly account?: string;
  /** The scopes granted (OAuth). */
  readonly scopes?: readonly string[];
  /** The secret itself, only for `--check`; never printed. */
  readonly secretForCheck?: string;
}

/** Masks a secret for display: the known prefix, "…", the last 4 characters. */
export function maskSecret(secret: string, prefixes: readonly string[]): string {
  const prefix = [...prefixes].sort((a, b) => b.length - a.length).find((p) => secret.startsWith(p)) ?? '';
  if (secret.length - prefix.length < 12) return prefix + '…';
  return `${prefix}…${secret.slice(-4)}`;
}
