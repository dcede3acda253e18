/**
 * Finding models: the list a provider serves (port42's table for built-ins, `models = [...]` for
 * custom providers), lookup by id or alias, and "did you mean" suggestions by edit distance.
 */
import type { Profile } from '../config/types.ts';
import type { Provider } from '../providers/table.ts';
import { usageError, type Port42Error } from '../errors.ts';
import { MODEL_REGISTRY } from './registry.ts';
import { editDistance as stringDistance } from '../cli/mistakes/suggest.ts';

/** One model a provider serves, as port42 knows it. Prices are USD per million tokens. */
export interface KnownModel {
  readonly id: string;
  readonly provider: string;
  readonly aliases: readonly string[];
  readonly context?: number;
  readonly input?: number;
  readonly output?: number;
  /** When the registry row was last reviewed; absent for models from the config. */
  readonly asOf?: string;
  /** The provider's pricing page, for registry rows. */
  readonly pricing?: string;
  /** registry: port42's table; config: a custom provider's list or a profile's `model`. */
  readonly origin: 'registry' | 'config';
}

/**
 * The models a provider serves, or undefined when it has no fixed list (azure-openai, ollama, a
 * custom provider without `models`): such a provider is taken to serve whatever a profile names.
 */
export function listedModels(provider: Provider): readonly KnownModel[] | undefined {
  if (provider.models) return provider.models.map((id) => ({ id, provider: provider.id, aliases: [], origin: 'config' }));
  if (!Object.hasOwn(MODEL_REGISTRY, provider.id)) return undefined;
  const table = MODEL_REGISTRY[provider.id];
  if (!table) return undefined;
  return table.models.map((spec) => ({ ...spec, provider: provider.id, asOf: table.asOf, pricing: table.pricing, origin: 'registry' }));
}

/** True when `name` is the model's id or one of its aliases (exact: some providers' ids have capitals). */
export function isModelNamed(model: Pick<KnownModel, 'id' | 'aliases'>, name: string): boolean {
  return model.id === name || model.aliases.includes(name);
}

/** The provider's model called `name`; 'unlisted' when the provider has no list; undefined when it does not serve it. */
export function providerModel(provider: Provider, name: string): KnownModel | 'unlisted' | undefined {
  const models = listedModels(provider);
  if (!models) return 'unlisted';
  return models.find((model) => isModelNamed(model, name));
}

/** True when the provider's list names `name` (false for providers without a list). */
export function providerLists(provider: Provider, name: string): boolean {
  return typeof providerModel(provider, name) === 'object';
}

/**
 * True when the profile serves `name` for choosing by model: its own `model` setting, or a model
 * its provider lists. A provider without a list serves only what its profiles name.
 */
export function profileServes(profile: Profile, name: string): boolean {
  return profile.model === name || providerLists(profile.provider, name);
}

/** Every model the providers list, then the models profiles name that their provider does not list. */
export function knownModels(providers: Iterable<Provider>, profiles: Iterable<Profile> = []): KnownModel[] {
  const all: KnownModel[] = [];
  for (const provider of providers) all.push(...(listedModels(provider) ?? []));
  for (const profile of profiles) {
    if (!profile.model) continue;
    const known = all.some((model) => model.provider === profile.provider.id && isModelNamed(model, profile.model as string));
    if (!known) all.push({ id: profile.model, provider: profile.provider.id, aliases: [], origin: 'config' });
  }
  return all;
}

/**
 * Case-insensitive edit distance: port42's one measure for every "did you mean"
 * (src/cli/mistakes/suggest.ts), with model names compared without case.
 */
export function editDistance(a: string, b: string): number {
  return stringDistance(a.toLowerCase(), b.toLowerCase());
}

/**
 * Up to `limit` names close to `name`, closest first: within an edit distance of a third of the
 * name (at least 2), containing it or a near spelling of one of its parts (`sonnet`, `sonet` →
 * `claude-sonnet-4-5`), and at most one edit
 * further than the closest.
 */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  const allowed = Math.max(2, Math.floor(name.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const candidate of new Set(candidates)) {
    const distance = editDistance(name, candidate);
    const contains = lower.length >= 3 && candidate.toLowerCase().includes(lower);
    // A misspelt part of a name: "sonet" → claude-sonnet-4-5.
    const nearPart = lower.length >= 4 && candidate.split(/[-/._:]/).some((part) => editDistance(part, lower) <= 1);
    if (distance <= allowed || contains || nearPart)
      scored.push({ name: candidate, score: contains || nearPart ? Math.min(distance, allowed) : distance });
  }
  // Ties keep the candidates' order (the registry lists newer models first).
  scored.sort((a, b) => a.score - b.score || a.name.length - b.name.length);
  // Only names about as close as the best: one clear fix is not buried among distant ones.
  const best = scored[0]?.score ?? 0;
  return scored
    .filter((s) => s.score <= best + 1)
    .slice(0, limit)
    .map((s) => s.name);
}

/** Every id and alias of these models. */
export function modelNames(models: Iterable<KnownModel>): string[] {
  const names: string[] = [];
  for (const model of models) names.push(model.id, ...model.aliases);
  return names;
}

/** `"a", "b" or "c"`. */
export function quoteList(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

/** The usage error (exit 2) for a model nobody lists, with the closest names. */
export function unknownModelError(name: string, candidates: Iterable<string>, scope: string, hint: string): Port42Error {
  const suggestions = closestNames(name, candidates);
  const didYouMean = suggestions.length > 0 ? `; did you mean ${quoteList(suggestions)}?` : '';
  return usageError(`unknown model "${name}"${scope}${didYouMean}`, hint);
}
