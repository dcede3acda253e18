/** The shared front half of the hot verbs: config → profile → store → credential. */
import type { Context } from '../context.ts';
import type { Config, Profile } from '../config/types.ts';
import type { Credential } from './credential.ts';
import type { SecretStore } from '../stores/types.ts';
import { loadConfig } from '../config/load.ts';
import { chooseProfile } from './profile.ts';
import { openStore } from '../stores/open-store.ts';
import { sourceFor } from '../sources/index.ts';
import { recordRelease } from '../audit/record.ts';
import { warnAboutBudget } from '../usage/budget.ts';

/** Default minimum life of a handed-out token: Claude Code's 5-minute cache plus a minute. */
export const DEFAULT_MIN_TTL_SECONDS = 360;

/** A profile with its credential, ready to emit. */
export interface Resolved {
  readonly config: Config;
  readonly profile: Profile;
  readonly store: SecretStore;
  readonly credential: Credential;
}

/**
 * Loads the config, chooses the profile and resolves its credential. With `model` (`--model M`),
 * a named profile must serve M, and with none named M chooses the profile (src/profiles/model-select.ts).
 * With `release` (the verb, and for helpers the URL asked for), the release is appended to the
 * audit trail and the profile's budget warning, if any, is printed.
 */
export async function resolveProfileCredential(
  ctx: Context,
  explicitProfile: string | undefined,
  options: {
    minTtlSeconds?: number;
    model?: string | undefined;
    /** `skip`: the release happens elsewhere for this profile (exec of a `proxy = true` profile). */
    release?: { verb: string; url?: string | undefined; skip?: (profile: Profile) => boolean };
    /** The config when the caller already loaded it (helpers match URLs first): not read twice. */
    config?: Config;
  } = {},
): Promise<Resolved> {
  const config = options.config ?? (await loadConfig(ctx));
  const { model } = options;
  let profile: Profile;
  let store: SecretStore;
  if (model === undefined) {
    profile = (await chooseProfile(ctx, config, explicitProfile)).profile;
    store = await openStore(ctx, config.store);
  } else {
    // Loaded only for --model: the model table stays off the plain hot path.
    const { chooseProfileForModel } = await import('./model-select.ts');
    store = await openStore(ctx, config.store);
    profile = await chooseProfileForModel(ctx, config, store, explicitProfile, model);
  }
  const source = await sourceFor(profile.auth);
  const credential = await source.resolve({ ctx, config, store }, profile, {
    minTtlSeconds: options.minTtlSeconds ?? DEFAULT_MIN_TTL_SECONDS,
  });
  // `release`: the caller hands the secret out. Audit line + budget warning: local files only, never a failure.
  const release = options.release;
  if (release && credential.secret !== undefined && !release.skip?.(profile))
    await Promise.all([recordRelease(ctx, { verb: release.verb, url: release.url, profile: profile.name }), warnAboutBudget(ctx, profile)]);
  return { config, profile, store, credential };
}
