/**
 * Turns the validated TOML data into a Config: resolves providers, fills defaults and checks what
 * the schema cannot see (a profile naming an unknown provider, a command profile without command).
 */
import { BUILTIN_PROVIDERS, isLoopbackUrl, type Provider } from '../providers/table.ts';
import { configError } from '../errors.ts';
import { clearTextProblem } from '../helper/url-match.ts';
import type { AuthType, Config, OAuthSettings, Profile } from './types.ts';
import type { RawConfig } from './schema.ts';
import { describeLocation, lineOfKey } from './locate.ts';
import { resolveOAuthSettings } from './oauth-presets.ts';

type RawProfile = NonNullable<RawConfig['profiles']>[string];
type RawProvider = NonNullable<RawConfig['providers']>[string];

/** Where the config came from, for error messages. */
export interface ConfigSourceText {
  readonly path: string;
  readonly text: string;
  readonly home: string;
  /** An edit port42 is about to write: its lines are not in the file, so errors name none. */
  readonly proposed?: boolean;
}

/** A config error that names file, line and key, with the command that opens the file. */
export function configKeyError(source: ConfigSourceText, path: readonly (string | number)[], problem: string) {
  const key = path.join('.');
  if (source.proposed) return configError(`${key}: ${problem}; ${describeLocation(source.path, source.home, undefined)} was not changed`);
  const line = lineOfKey(source.text, path);
  const where = describeLocation(source.path, source.home, line);
  const editor = line === undefined ? `\${EDITOR:-vi} ${source.path}` : `\${EDITOR:-vi} +${line} ${source.path}`;
  return configError(`${where}: ${key}: ${problem}`, editor);
}

function customProvider(id: string, raw: RawProvider): Provider {
  const prefixes = raw.key_prefix === undefined ? [] : Array.isArray(raw.key_prefix) ? raw.key_prefix : [raw.key_prefix];
  return {
    id,
    keyEnv: raw.key_env,
    ...(raw.token_env ? { tokenEnv: raw.token_env } : {}),
    ...(raw.base_url_env ? { baseUrlEnv: raw.base_url_env } : {}),
    ...(raw.model_env ? { modelEnv: raw.model_env } : {}),
    keyPrefixes: prefixes.filter((p) => p !== ''),
    defaultBaseUrl: raw.base_url ?? '',
    check: { path: raw.check_path ?? '/v1/models', auth: raw.check_auth ?? 'bearer' },
    helperUsername: raw.username ?? id,
    ...(raw.models ? { models: raw.models } : {}),
  };
}

function defaultAuth(provider: Provider, baseUrl: string | undefined): AuthType {
  const url = baseUrl ?? provider.defaultBaseUrl;
  return provider.keylessOnLoopback && isLoopbackUrl(url) ? 'none' : 'api-key';
}

function buildProfile(source: ConfigSourceText, name: string, raw: RawProfile, providers: ReadonlyMap<string, Provider>): Profile {
  const at = (...keys: string[]) => ['profiles', name, ...keys];
  const provider = providers.get(raw.provider);
  if (!provider) {
    throw configKeyError(
      source,
      at('provider'),
      `unknown provider "${raw.provider}": use one of ${[...providers.keys()].join(', ')}, or define [providers.${raw.provider}]`,
    );
  }
  const auth = raw.auth ?? defaultAuth(provider, raw.base_url);
  if (auth === 'command' && !raw.command) {
    throw configKeyError(source, at('auth'), 'auth = "command" needs command = ["program", "arg", …] in the same profile');
  }
  if (raw.command && auth !== 'command') throw configKeyError(source, at('command'), 'command is only used with auth = "command"');
  if (raw.from_env && auth !== 'env') throw configKeyError(source, at('from_env'), 'from_env is only used with auth = "env"');
  if (raw.oauth && auth !== 'oauth') throw configKeyError(source, at('oauth'), 'an [oauth] table is only used with auth = "oauth"');
  let oauth: OAuthSettings | undefined;
  if (auth === 'oauth') {
    if (!raw.oauth)
      throw configKeyError(source, at('auth'), `auth = "oauth" needs a [profiles.${name}.oauth] table with issuer and client_id`);
    const resolved = resolveOAuthSettings(raw.oauth);
    if (typeof resolved === 'string') throw configKeyError(source, at('oauth'), resolved);
    oauth = resolved;
  }
  return {
    name,
    provider,
    auth,
    ...(raw.model ? { model: raw.model } : {}),
    ...(raw.base_url ? { baseUrl: raw.base_url } : {}),
    match: raw.match ?? [],
    env: raw.env ?? {},
    ...(raw.command ? { command: raw.command } : {}),
    ...(raw.from_env ? { fromEnv: raw.from_env } : {}),
    ...(raw.username ? { username: raw.username } : {}),
    ...(oauth ? { oauth } : {}),
    ...(raw.budget_usd !== undefined ? { budgetUsd: raw.budget_usd } : {}),
    ...(raw.proxy !== undefined ? { proxy: raw.proxy } : {}),
    ...(raw.proxy_paths ? { proxyPaths: raw.proxy_paths } : {}),
    implicit: false,
  };
}

/** The built-in providers as profiles named after them, reading the standard variables. */
export function implicitProfiles(providers: Iterable<Provider>): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  for (const provider of providers) {
    const auth = defaultAuth(provider, undefined) === 'none' ? 'none' : 'env';
    profiles.set(provider.id, { name: provider.id, provider, auth, match: [], env: {}, implicit: true });
  }
  return profiles;
}

/**
 * The URL checks of a config (match patterns, base URLs): no user, query or fragment in a
 * pattern, no plain http to a host that is not loopback. Part of validating a config text
 * (src/config/load.ts), so that they run once per text, not on every start from the cached
 * config (parsing URLs costs ~0.15 ms of each hot verb). Throws config errors naming file, line and key.
 */
export function checkConfigUrls(source: ConfigSourceText, raw: RawConfig): void {
  for (const [id, rawProvider] of Object.entries(raw.providers ?? {})) {
    const clearText = rawProvider.base_url === undefined ? undefined : clearTextProblem(rawProvider.base_url);
    if (clearText) throw configKeyError(source, ['providers', id, 'base_url'], `"${rawProvider.base_url}" ${clearText}`);
  }
  for (const [name, profile] of Object.entries(raw.profiles ?? {})) {
    for (const pattern of profile.match ?? []) {
      const url = new URL(pattern);
      if (url.username || url.password || url.search || url.hash) {
        throw configKeyError(
          source,
          ['profiles', name, 'match'],
          `"${pattern}" must be scheme://host[:port][/path] with no user, query or fragment`,
        );
      }
      const clearText = clearTextProblem(pattern);
      if (clearText) throw configKeyError(source, ['profiles', name, 'match'], `"${pattern}" ${clearText}`);
    }
    const clearText = profile.base_url === undefined ? undefined : clearTextProblem(profile.base_url);
    if (clearText) throw configKeyError(source, ['profiles', name, 'base_url'], `"${profile.base_url}" ${clearText}`);
  }
}

/** Builds the Config from validated data (URLs checked by checkConfigUrls). Throws config errors that name file, line and key. */
export function buildConfig(source: ConfigSourceText, raw: RawConfig, exists: boolean): Config {
  const providers = new Map<string, Provider>(BUILTIN_PROVIDERS.map((p) => [p.id, p]));
  for (const [id, rawProvider] of Object.entries(raw.providers ?? {})) {
    if (providers.has(id)) {
      throw configKeyError(source, ['providers', id], `"${id}" is a built-in provider: pick another id for a custom provider`);
    }
    providers.set(id, customProvider(id, rawProvider));
  }
  const declared = Object.entries(raw.profiles ?? {});
  const profiles =
    declared.length === 0
      ? implicitProfiles(providers.values())
      : new Map(declared.map(([name, p]) => [name, buildProfile(source, name, p, providers)] as const));
  // A built-in provider id names its implicit profile even when the file defines others (src/profiles/profile.ts).
  if (raw.default !== undefined && !profiles.has(raw.default) && !BUILTIN_PROVIDERS.some((p) => p.id === raw.default)) {
    throw configKeyError(source, ['default'], `no profile named "${raw.default}": use one of ${[...profiles.keys()].join(', ')}`);
  }
  return {
    path: source.path,
    exists,
    ...(raw.default ? { defaultProfile: raw.default } : {}),
    store: raw.store ?? 'auto',
    profiles,
    providers,
  };
}
