/**
 * The rows of `model list` and `model info`: every model the config's providers serve, which
 * profiles serve it and whether one of them has a usable credential — decided offline from each
 * credential source's `status()` (no commands run, no network).
 */
import type { Context } from '../context.ts';
import type { Config, Profile } from '../config/types.ts';
import type { CredentialState, SourceStatus } from '../profiles/credential.ts';
import { implicitProfileName } from '../profiles/profile.ts';
import { openStore } from '../stores/open-store.ts';
import { preloadStore } from '../stores/preloaded.ts';
import { sourceFor } from '../sources/index.ts';
import { USABLE_STATES } from '../status/table.ts';
import { isModelNamed, knownModels, profileServes, type KnownModel } from './lookup.ts';

/** A profile that serves a model, with its credential's offline state. */
export interface ServingProfile {
  readonly name: string;
  readonly state: CredentialState;
  readonly usable: boolean;
  readonly hint?: string;
}

/** ok: a usable profile serves it; login-needed: only profiles that need a login; none: no profile. */
export type ModelMark = 'ok' | 'login-needed' | 'none';

/** One row: a model of one provider. */
export interface ModelRow {
  readonly model: KnownModel;
  readonly profiles: readonly ServingProfile[];
  readonly mark: ModelMark;
  readonly active: boolean;
}

/** The model a tool started here would use, and where that comes from. */
export interface ActiveModel {
  readonly provider: string;
  readonly name: string;
  readonly from: string;
}

/**
 * The active model: the provider's model variable when it is set in this environment (that is
 * what a tool started here reads), else the active profile's `model`. Without an active profile,
 * the first built-in or custom provider whose model variable is set.
 */
export async function activeModel(ctx: Context, config: Config): Promise<ActiveModel | undefined> {
  const active = await implicitProfileName(ctx, config).catch(() => undefined);
  const profile = active ? config.profiles.get(active.name) : undefined;
  const fromEnv = (variable: string | undefined) => (variable ? ctx.env[variable] : undefined);
  if (profile) {
    const variable = profile.provider.modelEnv;
    const value = fromEnv(variable);
    if (value) return { provider: profile.provider.id, name: value, from: `$${variable}` };
    return profile.model ? { provider: profile.provider.id, name: profile.model, from: `profile "${profile.name}"` } : undefined;
  }
  for (const provider of config.providers.values()) {
    const value = fromEnv(provider.modelEnv);
    if (value) return { provider: provider.id, name: value, from: `$${provider.modelEnv}` };
  }
  return undefined;
}

/** Every profile's offline status, reading the store once when several profiles keep secrets there. */
export async function offlineStatuses(ctx: Context, config: Config, profiles: readonly Profile[]): Promise<Map<string, SourceStatus>> {
  const opened = await openStore(ctx, config.store);
  const needsStore = profiles.filter((p) => p.auth === 'api-key' || p.auth === 'oauth').length;
  const store = needsStore > 1 ? await preloadStore(opened) : opened;
  const statuses = await Promise.all(
    profiles.map(async (profile) => (await sourceFor(profile.auth)).status({ ctx, config, store }, profile)),
  );
  return new Map(profiles.map((profile, i) => [profile.name, statuses[i] as SourceStatus]));
}

function markOf(profiles: readonly ServingProfile[]): ModelMark {
  if (profiles.some((p) => p.usable)) return 'ok';
  return profiles.length > 0 ? 'login-needed' : 'none';
}

/** Builds the rows for these providers (all when `providerId` is undefined). */
export async function buildModelRows(ctx: Context, config: Config, providerId?: string): Promise<ModelRow[]> {
  const providers = [...config.providers.values()].filter((p) => providerId === undefined || p.id === providerId);
  const profiles = [...config.profiles.values()].filter((p) => providerId === undefined || p.provider.id === providerId);
  const active = await activeModel(ctx, config);
  const models = knownModels(providers, profiles);
  if (active && (providerId === undefined || active.provider === providerId)) {
    const listed = models.some((m) => m.provider === active.provider && isModelNamed(m, active.name));
    if (!listed) models.push({ id: active.name, provider: active.provider, aliases: [], origin: 'config' });
  }
  const statuses = await offlineStatuses(ctx, config, profiles);
  return models.map((model) => {
    const serving = profiles
      .filter((p) => p.provider.id === model.provider && profileServes(p, model.id))
      .map((p): ServingProfile => {
        const status = statuses.get(p.name);
        const state = status?.state ?? 'error';
        return { name: p.name, state, usable: USABLE_STATES.has(state), ...(status?.hint ? { hint: status.hint } : {}) };
      });
    const isActive = active !== undefined && active.provider === model.provider && isModelNamed(model, active.name);
    return { model, profiles: serving, mark: markOf(serving), active: isActive };
  });
}
