/**
 * What a proxied child's environment becomes: the provider's base-URL variable points at the
 * proxy, the placeholder sits in its credential variable(s), loopback is exempt from HTTPS_PROXY,
 * and no variable that carries a real secret port42 knows of stays behind.
 */
import type { Config, Profile } from '../config/types.ts';
import type { EnvChange } from '../shells/types.ts';
import { EXPIRES_VARIABLE, settingVariables } from '../profiles/variables.ts';

/** The base-URL variable for providers that have none of their own (mistral, openrouter, …). */
export const FALLBACK_BASE_URL_VARIABLE = 'PORT42_BASE_URL';

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

/** `127.0.0.1,localhost,::1` appended to a NO_PROXY value (entries already there are not repeated). */
export function withLoopbackExempt(noProxy: string | undefined): string {
  const entries = (noProxy ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const host of LOOPBACK) if (!entries.includes(host)) entries.push(host);
  return entries.join(',');
}

/**
 * Variables that may hold a real secret: every key, token and alias variable of every provider in
 * the config and every `from_env` of its profiles. A proxied child gets none of them.
 */
export function secretVariables(config: Config): Set<string> {
  const names = new Set<string>();
  for (const provider of config.providers.values()) {
    names.add(provider.keyEnv);
    if (provider.tokenEnv) names.add(provider.tokenEnv);
    for (const alias of provider.aliasKeyEnvs ?? []) names.add(alias);
    for (const extra of provider.placeholderEnvs ?? []) names.add(extra);
  }
  for (const profile of config.profiles.values()) if (profile.fromEnv) names.add(profile.fromEnv);
  names.add(EXPIRES_VARIABLE);
  return names;
}

/** The variables a proxied session exports: removals first, then the proxy's URL and placeholder. */
export function proxiedVariables(
  config: Config,
  profile: Profile,
  options: {
    proxyOrigin: string;
    basePath: string;
    placeholder: string;
    model?: string | undefined;
    env: Readonly<Record<string, string | undefined>>;
  },
): EnvChange[] {
  const { provider } = profile;
  const changes: EnvChange[] = [];
  const present = (name: string) => options.env[name] !== undefined;
  for (const name of secretVariables(config)) if (present(name)) changes.push({ name, value: null });
  // Bearer-style variable where the provider has one: Claude Code asks no approval question for it.
  const placeholderVariables = [provider.tokenEnv ?? provider.keyEnv, ...(provider.placeholderEnvs ?? [])];
  for (const name of placeholderVariables) changes.push({ name, value: options.placeholder });
  changes.push({ name: provider.baseUrlEnv ?? FALLBACK_BASE_URL_VARIABLE, value: options.proxyOrigin + options.basePath });
  changes.push(...settingVariables(profile, options.model));
  changes.push({ name: 'NO_PROXY', value: withLoopbackExempt(options.env.NO_PROXY) });
  changes.push({ name: 'no_proxy', value: withLoopbackExempt(options.env.no_proxy) });
  // A removal followed by a set of the same name is just the set.
  const setNames = new Set(changes.filter((c) => c.value !== null).map((c) => c.name));
  return changes.filter((c) => c.value !== null || !setNames.has(c.name));
}
