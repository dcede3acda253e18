/**
 * Choosing by model (`--model M` on env, exec and auth token). With a named profile (argument,
 * --profile or PORT42_PROFILE) M is only checked against what that profile's provider serves.
 * With none, M picks the profile: among the profiles that serve M, the directory's profile, then
 * the default, then the others by name; the first with a usable credential wins. The decision is
 * the pure `selectProfileForModel`; `chooseProfileForModel` feeds it offline source states.
 */
import type { Context } from '../context.ts';
import type { Config, Profile } from '../config/types.ts';
import type { SourceStatus } from './credential.ts';
import type { Provider } from '../providers/table.ts';
import type { SecretStore } from '../stores/types.ts';
import { configError, failure, loginNeeded, usageError, type Port42Error } from '../errors.ts';
import {
  knownModels,
  listedModels,
  modelNames,
  profileServes,
  providerLists,
  providerModel,
  quoteList,
  unknownModelError,
} from '../models/lookup.ts';
import { USABLE_STATES } from '../status/table.ts';
import { chooseProfile } from './profile.ts';
import { findDirectorySettings } from './directory-file.ts';
import { sourceFor } from '../sources/index.ts';
import { envChain } from '../sources/env.ts';

/** What selection needs to know of a profile's credential (from its source's offline status). */
export type ProfileState = Pick<SourceStatus, 'state' | 'hint' | 'detail'>;

/** The outcome of choosing a profile by model. */
export type ModelSelection =
  | { readonly kind: 'selected'; readonly profile: Profile }
  /** Only profiles that need a login (missing, expired, invalid) serve the model. */
  | { readonly kind: 'login-needed'; readonly profile: Profile; readonly status: ProfileState }
  /** Only profiles whose credential cannot be read (store errors) serve the model. */
  | { readonly kind: 'unavailable'; readonly profile: Profile; readonly status: ProfileState }
  /** A provider serves it, but no profile uses that provider. */
  | { readonly kind: 'unserved'; readonly providers: readonly string[] }
  /** No provider lists it and no profile names it. */
  | { readonly kind: 'unknown'; readonly names: readonly string[] };

/** Input of `selectProfileForModel`. */
export interface ModelSelectionInput {
  readonly model: string;
  readonly profiles: Iterable<Profile>;
  readonly providers: Iterable<Provider>;
  /** Names tried first, in order (the default, then the directory's profile — issue 5's order); unknown names are skipped. */
  readonly preferred: readonly (string | undefined)[];
  /** Offline states of the serving profiles, in order, at least up to the first usable one. */
  readonly states: ReadonlyMap<string, ProfileState>;
}

const NEEDS_LOGIN = new Set(['missing', 'expired', 'invalid']);

/** The profiles that serve `model`: the preferred ones first (in their order), then the rest by name. */
export function servingProfiles(profiles: Iterable<Profile>, model: string, preferred: readonly (string | undefined)[]): Profile[] {
  const serving = [...profiles].filter((profile) => profileServes(profile, model));
  const rank = (profile: Profile): number => {
    const index = preferred.indexOf(profile.name);
    return index === -1 ? preferred.length : index;
  };
  return serving.sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Decides which profile serves `model` (pure: every input is given). */
export function selectProfileForModel(input: ModelSelectionInput): ModelSelection {
  const profiles = [...input.profiles];
  const candidates = servingProfiles(profiles, input.model, input.preferred);
  for (const profile of candidates) {
    const status = input.states.get(profile.name);
    if (status && USABLE_STATES.has(status.state)) return { kind: 'selected', profile };
  }
  for (const profile of candidates) {
    const status = input.states.get(profile.name);
    if (status && NEEDS_LOGIN.has(status.state)) return { kind: 'login-needed', profile, status };
  }
  for (const profile of candidates) {
    const status = input.states.get(profile.name);
    if (status) return { kind: 'unavailable', profile, status };
  }
  const providers = [...input.providers];
  const servedBy = providers.filter((provider) => providerLists(provider, input.model)).map((p) => p.id);
  if (servedBy.length > 0) return { kind: 'unserved', providers: servedBy };
  return { kind: 'unknown', names: modelNames(knownModels(providers, profiles)) };
}

/** The error for a selection that found no usable profile: exit 4 (login), 1, 3 (no profile) or 2 (unknown model). */
export function modelSelectionError(selection: Exclude<ModelSelection, { kind: 'selected' }>, model: string): Port42Error {
  switch (selection.kind) {
    case 'login-needed': {
      const { profile, status } = selection;
      const why =
        status.state === 'expired' ? ' (its login has expired)' : status.state === 'invalid' ? ' (its credential was rejected)' : '';
      // An env profile is "logged in" by setting its variable: there is no login command to suggest.
      if (profile.auth === 'env' && !status.hint) {
        const chain = envChain(profile);
        return loginNeeded(
          `profile "${profile.name}" serves ${model} but is not logged in: ${chain.join(' and ')} ${chain.length > 1 ? 'are' : 'is'} not set`,
        );
      }
      return loginNeeded(
        `profile "${profile.name}" serves ${model} but is not logged in${why}`,
        status.hint ?? `port42 auth login ${profile.name}`,
      );
    }
    case 'unavailable': {
      const name = selection.profile.name;
      const detail = selection.status.detail ? `: ${selection.status.detail}` : '';
      return failure(
        `profile "${name}" serves ${model} but its credential cannot be read${detail}`,
        selection.status.hint ?? `port42 auth status ${name}`,
      );
    }
    case 'unserved': {
      const provider = selection.providers[0] ?? '';
      return configError(
        `no profile serves model "${model}" (${selection.providers.join(', ')} ${selection.providers.length > 1 ? 'serve' : 'serves'} it)`,
        `port42 profile add ${provider} --provider ${provider}`,
      );
    }
    case 'unknown':
      return unknownModelError(model, selection.names, '', 'port42 model list');
  }
}

/**
 * Checks that a named profile can use `model`: its own `model` setting, a model its provider
 * lists, or anything when the provider has no list. Throws usage error (2) with suggestions.
 */
export function checkModelForProfile(profile: Profile, model: string, providers: Iterable<Provider>): void {
  if (profile.model === model || providerModel(profile.provider, model) !== undefined) return;
  const elsewhere = [...providers].filter((p) => p !== profile.provider && providerLists(p, model)).map((p) => p.id);
  const who = `profile "${profile.name}" (${profile.provider.id})`;
  if (elsewhere.length > 0) {
    throw usageError(`model "${model}" is served by ${quoteList(elsewhere)}, not by ${who}`, `port42 model info ${model}`);
  }
  throw unknownModelError(
    model,
    modelNames(listedModels(profile.provider) ?? []),
    ` for ${who}`,
    `port42 model list --provider ${profile.provider.id}`,
  );
}

/** True when the command names its profile: an argument, --profile or PORT42_PROFILE. */
export function profileIsNamed(ctx: Pick<Context, 'env'>, explicit: string | undefined): boolean {
  return Boolean(explicit) || Boolean(ctx.env.PORT42_PROFILE);
}

/**
 * The profile for `--model M`: the named one (checked), else chosen by M from offline states,
 * reading them in preference order and stopping at the first usable one. Writes nothing.
 * Throws usage (2), config (3), login-needed (4) or failure (1) errors.
 */
export async function chooseProfileForModel(
  ctx: Context,
  config: Config,
  store: SecretStore,
  explicit: string | undefined,
  model: string,
): Promise<Profile> {
  if (profileIsNamed(ctx, explicit)) {
    const { profile } = await chooseProfile(ctx, config, explicit);
    checkModelForProfile(profile, model, config.providers.values());
    return profile;
  }
  const directory = await findDirectorySettings(ctx);
  // Issue 5: "the default profile first, then the per-directory one, then by name".
  const preferred = [config.defaultProfile, directory?.profile];
  const states = new Map<string, ProfileState>();
  for (const profile of servingProfiles(config.profiles.values(), model, preferred)) {
    const status = await (await sourceFor(profile.auth)).status({ ctx, config, store }, profile);
    states.set(profile.name, status);
    if (USABLE_STATES.has(status.state)) break;
  }
  const selection = selectProfileForModel({
    model,
    profiles: config.profiles.values(),
    providers: config.providers.values(),
    preferred,
    states,
  });
  if (selection.kind === 'selected') return selection.profile;
  throw modelSelectionError(selection, model);
}
