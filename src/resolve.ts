/** The shared front half of the hot verbs: config → profile → store → credential. */
import type { Context } from './context.ts';
import type { Config, Profile } from './config/types.ts';
import type { Credential } from './credential.ts';
import type { SecretStore } from './stores/types.ts';
import { loadConfig } from './config/load.ts';
import { chooseProfile } from './profile.ts';
import { openStore } from './stores/open-store.ts';
import { sourceFor } from './sources/index.ts';

/** Default minimum life of a handed-out token: Claude Code's 5-minute cache plus a minute. */
export const DEFAULT_MIN_TTL_SECONDS = 360;

/** A profile with its credential, ready to emit. */
export interface Resolved {
  readonly config: Config;
  readonly profile: Profile;
  readonly store: SecretStore;
  readonly credential: Credential;
}

/** Loads the config, chooses the profile and resolves its credential. */
export async function resolveProfileCredential(
  ctx: Context,
  explicitProfile: string | undefined,
  options: { minTtlSeconds?: number } = {},
): Promise<Resolved> {
  const config = await loadConfig(ctx);
  const { profile } = await chooseProfile(ctx, config, explicitProfile);
  const store = await openStore(ctx, config.store);
  const source = await sourceFor(profile.auth);
  const credential = await source.resolve({ ctx, config, store }, profile, { minTtlSeconds: options.minTtlSeconds ?? DEFAULT_MIN_TTL_SECONDS });
  return { config, profile, store, credential };
}
