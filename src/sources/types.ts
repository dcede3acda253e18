/** A credential source turns a profile into a credential; one per auth type. */
import type { Context } from '../context.ts';
import type { Config, Profile } from '../config/types.ts';
import type { Credential, SourceStatus } from '../profiles/credential.ts';
import type { SecretStore } from '../stores/types.ts';

/** Options of `auth login`. */
export interface LoginOptions {
  readonly force: boolean;
  readonly verify: boolean;
  readonly device: boolean;
  readonly noBrowser: boolean;
  readonly admin: boolean;
}

/** What a source may use besides the context. */
export interface SourceDeps {
  readonly ctx: Context;
  readonly config: Config;
  readonly store: SecretStore;
}

/** Resolve, log in, log out and report status for one auth type. */
export interface CredentialSource {
  /** The credential, valid for at least minTtlSeconds. Throws login-needed (4), store-unavailable (5), failure (1). */
  resolve(deps: SourceDeps, profile: Profile, options: { minTtlSeconds: number }): Promise<Credential>;
  /** Obtains and stores the credential. */
  login(deps: SourceDeps, profile: Profile, options: LoginOptions): Promise<void>;
  /** Forgets the credential; revokes it where the source can. */
  logout(deps: SourceDeps, profile: Profile, options: { revoke: boolean }): Promise<void>;
  /** The offline state for `auth status`. */
  status(deps: SourceDeps, profile: Profile): Promise<SourceStatus>;
}
